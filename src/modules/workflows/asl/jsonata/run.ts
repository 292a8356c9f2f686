// One JSONata evaluation as plain data in and out, so that it can run on this thread or on a worker thread.
import type { Json } from '../json.js';
import { type RandomSource, type RandomState, randomFromState } from '../random.js';
import { BUDGET_BINDING, type InlineBudget, OverBudget } from './budget.js';
import { compileJsonata } from './compile.js';
import { awsFunctions } from './functions.js';

/** What an evaluation needs, all of it structured-cloneable. */
export interface JsonataJob {
  readonly expression: string;
  /** `$states`: input, context, and result / errorOutput where the field allows them. */
  readonly states: Readonly<Record<string, Json | undefined>>;
  readonly variables: Readonly<Record<string, Json>>;
  readonly now: number;
  /** Where `$random`, `$uuid` and `$shuffle` continue the step's sequence. */
  readonly random: RandomState;
}

/** How an evaluation ended; `random` is the sequence's position afterwards. */
export type JsonataOutcome =
  | { readonly kind: 'value'; readonly value: Json; readonly random: RandomState }
  | { readonly kind: 'nothing' | 'unsupported'; readonly random: RandomState }
  | { readonly kind: 'error'; readonly message: string; readonly random: RandomState };

/**
 * Evaluates expressions that outgrow the inline budget where a runaway cannot block the caller (a worker
 * pool with hard termination). Given to `step` by the engine; the core itself never leaves its thread.
 */
export type JsonataOffload = (job: JsonataJob) => Promise<JsonataOutcome>;

/** Evaluates a job from its saved random state: what a worker thread runs. */
export function runJsonataJob(job: JsonataJob): Promise<JsonataOutcome> {
  return runJsonata(job, randomFromState(job.random)) as Promise<JsonataOutcome>;
}

/**
 * Evaluates `job` with `random` (advanced in place). With a budget, an evaluation that outgrows it stops and
 * answers `overBudget` (random then in an undefined position: the caller rewinds it).
 */
export async function runJsonata(
  job: JsonataJob,
  random: RandomSource,
  budget?: InlineBudget,
): Promise<JsonataOutcome | { readonly kind: 'overBudget' }> {
  let raw: unknown;
  try {
    const compiled = compileJsonata(job.expression);
    const bindings: Record<string, unknown> = {
      ...job.variables,
      ...(await awsFunctions(job.now, random)),
      states: job.states,
    };
    if (budget !== undefined) bindings[BUDGET_BINDING] = budget;
    raw = await compiled.evaluate(undefined, bindings);
  } catch (error) {
    if (error instanceof OverBudget) return { kind: 'overBudget' };
    return { kind: 'error', message: describe(error), random: random.save() };
  }
  if (raw === undefined) return { kind: 'nothing', random: random.save() };
  if (!isPlainJson(raw, 0)) return { kind: 'unsupported', random: random.save() };
  return { kind: 'value', value: JSON.parse(JSON.stringify(raw)) as Json, random: random.save() };
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > 10_000) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  if (typeof value !== 'object' || value instanceof RegExp) return false;
  const record = value as Record<string, unknown>;
  if (record._jsonata_lambda === true || record._jsonata_function === true) return false;
  return Object.values(record).every((item) => item === undefined || isPlainJson(item, depth + 1));
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof message === 'string') return typeof code === 'string' ? `${code}: ${message}` : message;
  }
  return String(error);
}
