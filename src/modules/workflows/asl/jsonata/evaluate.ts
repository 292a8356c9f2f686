// Evaluates JSONata expressions with $states and workflow variables bound, mapping failures to ASL errors.
import { queryError } from '../errors.js';
import { type Json, jsonTypeName, toJsonText } from '../json.js';
import type { RandomSource } from '../random.js';
import { InlineBudget } from './budget.js';

export { InlineBudget };

import { type JsonataOffload, type JsonataOutcome, runJsonata } from './run.js';

export { compileJsonata } from './compile.js';

export interface JsonataScope {
  /** `$states`: input, context, and result / errorOutput where the field allows them. */
  readonly states: Readonly<Record<string, Json | undefined>>;
  readonly variables: Readonly<Record<string, Json>>;
  readonly now: number;
  readonly random: RandomSource;
  /** With one, an expression past the inline budget is evaluated there; without, all of it runs inline. */
  readonly offload?: JsonataOffload;
  /**
   * The inline budget, shared by every expression of a step: a loop of 25,000 transitions must not hold the
   * thread for 25,000 budgets. Spent, the step's further expressions go straight to `offload`.
   */
  readonly budget?: InlineBudget;
}

/** `{% expr %}` -> `expr`, or undefined when the string is not a JSONata template. */
export function jsonataBody(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{%') || !trimmed.endsWith('%}') || trimmed.length < 4) return undefined;
  return trimmed.slice(2, -2).trim();
}

/** Evaluates an expression for `field` (e.g. `Output/result`); the result must be plain JSON. */
export async function evaluateJsonata(expression: string, field: string, scope: JsonataScope): Promise<Json> {
  const outcome = await outcomeOf(expression, scope);
  const quoted = `The JSONata expression '${expression}' specified for the field '${field}'`;
  switch (outcome.kind) {
    case 'value':
      return outcome.value;
    case 'error':
      throw queryError(`${quoted} threw an error during evaluation: ${outcome.message}`);
    case 'nothing':
      throw queryError(`${quoted} returned nothing (undefined).`);
    case 'unsupported':
      throw queryError(`${quoted} returned an unsupported result type.`);
  }
}

/**
 * Inline first, within a budget of steps and sizes: nearly every expression fits, at no cost. One that does not
 * is evaluated again from the start by the offload port (randomness rewound), so where it ran never changes
 * its result, and a runaway never holds this thread for more than the budget.
 */
async function outcomeOf(expression: string, scope: JsonataScope): Promise<JsonataOutcome> {
  const job = {
    expression,
    states: scope.states,
    variables: scope.variables,
    now: scope.now,
    random: scope.random.save(),
  };
  if (scope.offload === undefined) return (await runJsonata(job, scope.random)) as JsonataOutcome;
  const inline = await runJsonata(job, scope.random, scope.budget ?? new InlineBudget());
  if (inline.kind !== 'overBudget') return inline;
  const outcome = await scope.offload(job);
  scope.random.restore(outcome.random);
  return outcome;
}

/** The AWS message for a result of the wrong type, e.g. Map Items that are not an array. */
export function unexpectedType(expression: string, field: string, expected: string, value: Json) {
  return queryError(
    `The JSONata expression '${expression}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${jsonTypeName(value)}' for value: ${toJsonText(value)}`,
  );
}
