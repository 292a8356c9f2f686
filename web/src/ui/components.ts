// Small building blocks shared by the views: panels that show their own errors, badges, tables, empty states.
import { ApiError } from '../api/client.js';
import { type Child, h, keepWhole, replace } from './dom.js';
import { prettyJson } from './format.js';

/** A titled card. `load` fetches and renders; a failure is shown in the card and the last good content stays. */
export class Panel {
  readonly element: HTMLElement;
  readonly body: HTMLElement;
  readonly #error: HTMLElement;
  readonly #note: HTMLElement;
  #shown: string | undefined;

  constructor(title: string, options: { id?: string; actions?: Child; class?: string } = {}) {
    this.#error = h('div', { class: 'panel-error', role: 'alert' });
    this.#note = h('span', { class: 'panel-note' });
    this.body = h('div', { class: 'panel-body' });
    this.element = h(
      'section',
      { class: `panel ${options.class ?? ''}`, data: options.id ? { panel: options.id } : undefined },
      h(
        'header',
        null,
        h('h2', null, title),
        this.#note,
        h('div', { class: 'panel-actions' }, options.actions),
      ),
      this.#error,
      this.body,
    );
    // Holds references to its own nodes: morph moves it whole, never rewrites it.
    keepWhole(this.element);
  }

  /** A short note beside the title (counts, time ranges). */
  note(text: string): void {
    this.#note.textContent = text;
  }

  /** Fetches, then renders unless the data is the same as last time (no flicker, scroll kept). */
  async load<T>(fetcher: () => Promise<T>, render: (data: T) => void): Promise<void> {
    try {
      const data = await fetcher();
      this.#error.replaceChildren();
      const shown = JSON.stringify(data);
      if (shown === this.#shown) return;
      this.#shown = shown;
      render(data);
    } catch (error) {
      this.showError(error);
    }
  }

  /** Forces the next load to render even if its data did not change. */
  invalidate(): void {
    this.#shown = undefined;
  }

  showError(error: unknown): void {
    replace(this.#error, errorBox(error));
  }
}

export function errorBox(error: unknown): HTMLElement {
  if (error instanceof ApiError)
    return h(
      'div',
      { class: 'error-box' },
      h('strong', null, error.status ? `${error.status} ${error.code}` : error.code),
      h('span', null, ` ${error.message}`),
      h('div', { class: 'muted small' }, `GET ${error.path}`),
    );
  return h('div', { class: 'error-box' }, h('strong', null, 'Error'), ` ${String(error)}`);
}

const STATUS_CLASSES: Readonly<Record<string, string>> = {
  SUCCEEDED: 'ok',
  InService: 'ok',
  OK: 'ok',
  ok: 'ok',
  success: 'ok',
  approved: 'ok',
  Completed: 'ok',
  completed: 'ok',
  ready: 'ok',
  RUNNING: 'running',
  Creating: 'running',
  Updating: 'running',
  running: 'running',
  FAILED: 'bad',
  Failed: 'bad',
  failed: 'bad',
  ALARM: 'bad',
  error: 'bad',
  rejected: 'bad',
  TIMED_OUT: 'bad',
  timeout: 'bad',
  ABORTED: 'warn',
  INSUFFICIENT_DATA: 'warn',
  missing: 'idle',
  registered: 'idle',
  above: 'ok',
  below: 'warn',
};

export function badge(status: string, label = status): HTMLElement {
  return h('span', { class: `badge badge-${STATUS_CLASSES[status] ?? 'idle'}`, data: { status } }, label);
}

/** What to do when there is nothing to show yet: a sentence and the command that fills it. */
export function emptyState(message: string, command?: string): HTMLElement {
  return h(
    'div',
    { class: 'empty-state' },
    h('p', null, message),
    command ? h('code', { class: 'command' }, command) : null,
  );
}

export interface Column<T> {
  readonly title: string;
  readonly cell: (row: T) => Child;
  readonly class?: string;
}

export function table<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  options: {
    onRow?: (row: T) => void;
    selected?: (row: T) => boolean;
    class?: string;
    /** A row's identity, so that an in-place update (morph) keeps a row's nodes, focus included, as it moves. */
    key?: (row: T) => string;
  } = {},
): HTMLElement {
  const { onRow, selected, key } = options;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: options.class },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map((c) => h('th', { class: c.class }, c.title)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            {
              class:
                [onRow ? 'clickable' : '', selected?.(row) ? 'selected' : ''].join(' ').trim() || undefined,
              on: onRow ? { click: () => onRow(row) } : undefined,
              data: key ? { key: key(row) } : undefined,
            },
            columns.map((c) => h('td', { class: c.class }, c.cell(row))),
          ),
        ),
      ),
    ),
  );
}

/** Label/value pairs. */
export function facts(pairs: readonly (readonly [string, Child])[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([label, value]) => [h('dt', null, label), h('dd', null, value)]),
  );
}

export function jsonBlock(value: unknown, options: { class?: string } = {}): HTMLElement {
  return h('pre', { class: `json ${options.class ?? ''}` }, prettyJson(value));
}

/** A big number with a label, for the overview. */
export function stat(label: string, value: Child, detail?: Child): HTMLElement {
  return h(
    'div',
    { class: 'stat' },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    detail ? h('div', { class: 'stat-detail' }, detail) : null,
  );
}

export function link(href: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', { href }, ...children);
}
