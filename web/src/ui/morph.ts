// Updates a panel in place: the new content is reconciled into the nodes already shown, so a table that gained a
// row keeps its scroll position, a focused link or input keeps focus, and a selection survives a live refresh.
// Only elements built by `h` are reused (listeners given through `on` are swapped for the new ones); any other
// node (SVG drawings, charts) is replaced whole, so nothing holding its own nodes is ever rewritten behind it.
import { append, builtByH, type Child, swapListeners } from './dom.js';

/** Makes `parent`'s children look like `children`, reusing the nodes that match (same tag and key). */
export function morph(parent: Element, ...children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  morphChildren(parent, [...fragment.childNodes]);
}

/** Keyed children (`data-key`) are matched by key wherever they stand; the others by position. */
function morphChildren(parent: Node, next: readonly Node[]): void {
  const keyed = new Map<string, Element>();
  for (const child of (parent as Element).children ?? []) {
    const key = keyOf(child);
    if (key !== undefined) keyed.set(key, child);
  }
  let old = parent.firstChild;
  for (const node of next) {
    const key = keyOf(node);
    const match = key === undefined ? old : keyed.get(key);
    if (match && reusable(match, node)) {
      if (match === old) old = old.nextSibling;
      else parent.insertBefore(match, old);
      if (key !== undefined) keyed.delete(key);
      morphNode(match, node);
    } else parent.insertBefore(node, old);
  }
  while (old) {
    const after = old.nextSibling;
    parent.removeChild(old);
    old = after;
  }
}

function keyOf(node: Node): string | undefined {
  return node instanceof HTMLElement ? node.dataset.key : undefined;
}

function reusable(old: Node, next: Node): boolean {
  if (old.nodeType === Node.TEXT_NODE) return next.nodeType === Node.TEXT_NODE;
  return (
    old instanceof HTMLElement &&
    next instanceof HTMLElement &&
    old.tagName === next.tagName &&
    keyOf(old) === keyOf(next) &&
    builtByH(old) &&
    builtByH(next)
  );
}

function morphNode(old: Node, next: Node): void {
  if (old.nodeType === Node.TEXT_NODE) {
    if (old.nodeValue !== next.nodeValue) old.nodeValue = next.nodeValue;
    return;
  }
  const from = old as HTMLElement;
  const to = next as HTMLElement;
  for (const { name } of [...from.attributes]) if (!to.hasAttribute(name)) from.removeAttribute(name);
  for (const { name, value } of [...to.attributes])
    if (from.getAttribute(name) !== value) from.setAttribute(name, value);
  if (from instanceof HTMLInputElement && to instanceof HTMLInputElement) {
    // What the user is typing wins over the refreshed value.
    if (document.activeElement !== from && from.value !== to.value) from.value = to.value;
    if (from.checked !== to.checked) from.checked = to.checked;
  }
  swapListeners(from, to);
  morphChildren(from, [...to.childNodes]);
}
