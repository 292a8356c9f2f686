// Compiles JSONata expressions once (per thread) with the evaluation guards and the inline-budget hooks.
import jsonata from 'jsonata';
import { installBudget } from './budget.js';

const cache = new Map<string, jsonata.Expression>();
/**
 * Guards against runaway recursion and time; AWS limits evaluation the same way. Sequences (ranges, `$map`
 * results, ...) stop at a million items: far past any 256 KiB payload, and a worker thread's heap limit only
 * holds when no single allocation is huge (a 9-million-item array past it aborts the whole process).
 */
const OPTIONS = { stack: 500, timeout: 10_000, sequence: 1_000_000 };

/**
 * Moves jsonata's own timeout (a thread's expressions compiled from now on): a worker of the expression pool
 * puts it past the pool's, so the pool's hard termination is what stops a runaway there, always the same way.
 */
export function setJsonataTimeout(timeoutMs: number): void {
  OPTIONS.timeout = timeoutMs;
  cache.clear();
}

/** Compiles once and caches; throws the jsonata error when the expression is malformed. */
export function compileJsonata(expression: string): jsonata.Expression {
  let compiled = cache.get(expression);
  if (compiled === undefined) {
    compiled = jsonata(expression, OPTIONS);
    installBudget(compiled);
    if (cache.size > 10_000) cache.clear();
    cache.set(expression, compiled);
  }
  return compiled;
}
