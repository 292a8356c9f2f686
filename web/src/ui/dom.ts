// Builds DOM nodes from data without ever parsing HTML: text becomes Text nodes, so names, log lines and payloads
// from the API are shown as they are and never run. Links and image sources are checked before they are set.

export type Child = Node | string | number | null | undefined | false | readonly Child[];

export interface Attrs {
  readonly class?: string | undefined;
  readonly title?: string | undefined;
  readonly href?: string | undefined;
  readonly src?: string | undefined;
  readonly alt?: string | undefined;
  readonly type?: string | undefined;
  readonly value?: string | undefined;
  readonly placeholder?: string | undefined;
  readonly name?: string | undefined;
  readonly autocomplete?: string | undefined;
  readonly required?: boolean | undefined;
  readonly checked?: boolean | undefined;
  readonly disabled?: boolean | undefined;
  readonly selected?: boolean | undefined;
  readonly role?: string | undefined;
  readonly colspan?: number | undefined;
  readonly 'aria-label'?: string | undefined;
  readonly 'aria-current'?: string | undefined;
  readonly 'aria-live'?: string | undefined;
  readonly data?: Readonly<Record<string, string | number>> | undefined;
  readonly style?: Readonly<Record<string, string>> | undefined;
  readonly on?:
    | { readonly [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void }
    | undefined;
}

/** In-page routes and API paths only: no `javascript:` or other schemes. */
function safeHref(href: string): string {
  return href.startsWith('#') || (href.startsWith('/') && !href.startsWith('//')) ? href : '#';
}

/** Same-origin paths or base64 image data; anything else shows nothing. */
function safeSrc(src: string): string {
  return /^data:image\/(png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=]*$/.test(src) ||
    (src.startsWith('/') && !src.startsWith('//'))
    ? src
    : '';
}

/** Elements made by `h`, and the listeners each was given through `on`: what `morph` may reuse and swap. */
const built = new WeakMap<Element, [string, EventListener][]>();

/**
 * Marks a component's root (a panel, a chart, a log viewer) as never reused by `morph`: the component keeps
 * references to its own nodes, so it is always moved as it is, never rewritten into another's shape.
 */
export function keepWhole<T extends Element>(element: T): T {
  built.delete(element);
  return element;
}

export function builtByH(element: Element): boolean {
  return built.has(element);
}

/** Gives `target` (an element being reused in place of `source`) the listeners `source` was built with. */
export function swapListeners(target: Element, source: Element): void {
  const old = built.get(target) ?? [];
  const next = built.get(source) ?? [];
  if (old.length === 0 && next.length === 0) return;
  for (const [event, handler] of old) target.removeEventListener(event, handler);
  for (const [event, handler] of next) target.addEventListener(event, handler);
  built.set(target, next);
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  built.set(element, []);
  if (attrs) applyAttrs(element, attrs);
  append(element, children);
  return element;
}

function applyAttrs(element: HTMLElement, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false || value === null) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value as Record<string, EventListener>)) {
        element.addEventListener(event, handler);
        built.get(element)?.push([event, handler]);
      }
    } else if (name === 'data') {
      for (const [key, v] of Object.entries(value as Record<string, string>))
        element.dataset[key] = String(v);
    } else if (name === 'style') {
      for (const [key, v] of Object.entries(value as Record<string, string>))
        element.style.setProperty(key, v);
    } else if (name === 'href') element.setAttribute('href', safeHref(String(value)));
    else if (name === 'src') element.setAttribute('src', safeSrc(String(value)));
    else if (name === 'value') (element as HTMLInputElement).value = String(value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  (parent as Element).replaceChildren(fragment);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element; attribute values are set as attributes, text as Text nodes. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | number>> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
}
