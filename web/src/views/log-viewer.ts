// A function's log: the newest lines, filtered by request id, following new lines as they arrive.
import { api } from '../api/resources.js';
import type { LogLine } from '../api/types.js';
import { errorBox } from '../ui/components.js';
import { h, keepWhole, replace } from '../ui/dom.js';
import { dateTime, time } from '../ui/format.js';

const NEWEST = 300;
const FOLLOW_MS = 2000;
/** Lines kept on the page while following. */
const KEEP = 5000;

export class LogViewer {
  readonly element: HTMLElement;
  readonly #lines = h('div', { class: 'log-lines', role: 'log', 'aria-live': 'off' });
  readonly #error = h('div', { class: 'panel-error', role: 'alert' });
  readonly #count = h('span', { class: 'muted small' });
  readonly #filter: HTMLInputElement;
  readonly #follow: HTMLInputElement;
  #lastId: number | undefined;
  #shown = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy = false;

  constructor(
    private readonly functionName: string,
    requestId: string,
  ) {
    this.#filter = h('input', {
      type: 'search',
      placeholder: 'Filter by request id',
      value: requestId,
      'aria-label': 'request id filter',
      on: { change: () => void this.reload() },
    });
    this.#follow = h('input', {
      type: 'checkbox',
      checked: true,
      'aria-label': 'follow',
      on: { change: () => this.#schedule() },
    });
    this.element = h(
      'div',
      { class: 'log-viewer' },
      h(
        'div',
        { class: 'toolbar' },
        this.#filter,
        h('button', { type: 'button', on: { click: () => this.setFilter('') } }, 'Clear'),
        h('label', null, this.#follow, ' Follow'),
        this.#count,
      ),
      this.#error,
      this.#lines,
    );
    // Holds references to its own nodes: morph moves it whole, never rewrites it.
    keepWhole(this.element);
    this.#schedule();
  }

  setFilter(requestId: string): void {
    this.#filter.value = requestId;
    void this.reload();
  }

  /** The newest lines matching the filter, replacing what is shown. */
  async reload(): Promise<void> {
    await this.#fetch(async () => {
      const lines = await api.logs(this.functionName, { newest: true, limit: NEWEST, ...this.#query() });
      replace(this.#lines);
      this.#shown = 0;
      this.#lastId = lines.at(-1)?.id;
      this.#append(lines);
      if (lines.length === 0)
        replace(
          this.#lines,
          h(
            'p',
            { class: 'muted' },
            this.#filter.value
              ? 'No line of that request.'
              : 'No log line yet: invoke the function (scones functions invoke <name>, or scones up).',
          ),
        );
    });
  }

  dispose(): void {
    clearInterval(this.#timer);
  }

  #query() {
    const requestId = this.#filter.value.trim();
    return requestId ? { requestId } : {};
  }

  #schedule(): void {
    clearInterval(this.#timer);
    if (this.#follow.checked) this.#timer = setInterval(() => void this.#followNew(), FOLLOW_MS);
  }

  async #followNew(): Promise<void> {
    if (this.#lastId === undefined) return this.reload();
    const after = this.#lastId;
    await this.#fetch(async () => {
      const lines = await api.logs(this.functionName, { afterId: after, limit: 1000, ...this.#query() });
      if (lines.length === 0) return;
      if (this.#shown === 0) replace(this.#lines);
      this.#lastId = lines.at(-1)?.id;
      this.#append(lines);
    });
  }

  async #fetch(run: () => Promise<void>): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      await run();
      this.#error.replaceChildren();
    } catch (error) {
      replace(this.#error, errorBox(error));
    } finally {
      this.#busy = false;
    }
  }

  #append(lines: readonly LogLine[]): void {
    const atBottom = this.#lines.scrollTop + this.#lines.clientHeight >= this.#lines.scrollHeight - 8;
    this.#lines.append(...lines.map((l) => this.#line(l)));
    this.#shown += lines.length;
    while (this.#shown > KEEP && this.#lines.firstChild) {
      this.#lines.firstChild.remove();
      this.#shown--;
    }
    this.#count.textContent = `${this.#shown} lines`;
    // Follows only a reader at the bottom: one who scrolled up to read keeps the place on every refresh.
    if (atBottom) this.#lines.scrollTop = this.#lines.scrollHeight;
  }

  #line(line: LogLine): HTMLElement {
    const kind = /^(START|END|REPORT|INIT_START) /.test(line.message)
      ? 'meta'
      : /\b(ERROR|Error|Traceback|Task timed out)\b/.test(line.message)
        ? 'error'
        : '';
    return h(
      'div',
      { class: `log-line ${kind}`, data: { id: line.id } },
      h('span', { class: 'log-time', title: dateTime(line.timestamp) }, time(line.timestamp)),
      h(
        'button',
        {
          type: 'button',
          class: 'log-request',
          title: `only request ${line.requestId}`,
          on: { click: () => this.setFilter(line.requestId) },
        },
        line.requestId.slice(0, 8),
      ),
      h('span', { class: 'log-message' }, line.message),
    );
  }
}
