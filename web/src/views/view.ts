// What every view is: an element, a refresh that (re)loads its data, and a dispose for its charts and timers.
import type { PipelineNames } from '../api/types.js';

export interface View {
  readonly element: HTMLElement;
  /** Loads the view's data; called once after mounting and then on every live-refresh tick. */
  refresh(): Promise<void>;
  dispose(): void;
}

export interface ViewContext {
  /** The names `scones up` uses (dataset bucket, endpoint, state machines). */
  readonly pipeline: PipelineNames;
  /** Route parameters after the view's name (`#/workflows/a/b` gives `['a', 'b']`). */
  readonly params: readonly string[];
  /** Query parameters of the route (`#/workflows?status=FAILED`). */
  readonly query: URLSearchParams;
}

export type ViewFactory = (context: ViewContext) => View;

/** `#/name/a/b?x=1` for a view and its parameters. */
export function route(
  name: string,
  params: readonly (string | number)[] = [],
  query: Record<string, string> = {},
) {
  const path = [name, ...params].map((p) => encodeURIComponent(String(p))).join('/');
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}

/** Disposes a set of charts and timers together. */
export class Disposables {
  readonly #items: { dispose(): void }[] = [];

  add<T extends { dispose(): void }>(item: T): T {
    this.#items.push(item);
    return item;
  }

  dispose(): void {
    for (const item of this.#items.splice(0)) item.dispose();
  }
}
