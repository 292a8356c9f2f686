// Input and output processing shared by the states: InputPath, ResultSelector, ResultPath, OutputPath, Assign
// (JSONPath) and Arguments/Output/Assign (JSONata).
import { AslError, fatal, runtimeError } from '../errors.js';
import { copyObject, type Json, type JsonObject, setOwn } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { lookupPath } from '../paths/json-path.js';
import { evaluateTemplate } from '../paths/payload-template.js';
import { applyResultPath } from '../paths/result-path.js';
import type { Outcome } from './outcome.js';
import type { StateContext } from './state-context.js';

/** Next state name, or null when the state ends its machine. */
export function nextOf(ctx: StateContext): string | null {
  return ctx.state.End === true ? null : (ctx.state.Next as string);
}

/** The effective input: InputPath applied to the raw input (JSONPath); JSONata states see the raw input. */
export function effectiveInput(ctx: StateContext): Json {
  const raw = ctx.active.input;
  if (ctx.language === 'JSONata' || !('InputPath' in ctx.state)) return raw;
  return selectOrFail(ctx, ctx.state.InputPath as string | null, raw);
}

function selectOrFail(ctx: StateContext, path: string | null, value: Json): Json {
  if (path === null) return {};
  const found = lookupPath(path, ctx.pathScope(value));
  if (found.found) return found.value;
  throw fatal(runtimeError(`Invalid path '${path}' : ${found.reason}`));
}

/** Parameters evaluated over the effective input, or the effective input itself. */
export function parametersOf(ctx: StateContext, effective: Json, field = 'Parameters'): Json {
  const template = ctx.state[field];
  return template === undefined ? effective : evaluateTemplate(template, ctx.pathScope(effective), ctx);
}

/**
 * Finishes a JSONPath state. `result` is the task/branch/iteration result ('result'), the Pass state's
 * value ('pass'), or, for states without a result, the effective input ('input').
 */
export function finishJsonPath(
  ctx: StateContext,
  value: Json,
  kind: 'result' | 'pass' | 'input',
  route: { readonly assignFrom?: JsonObject; readonly next?: string | null } = {},
): Outcome {
  const state = ctx.state;
  const assignTemplate = (route.assignFrom ?? state).Assign;
  const assign =
    assignTemplate === undefined ? undefined : evaluateTemplate(assignTemplate, ctx.pathScope(value), ctx);
  let combined: Json = value;
  if (kind !== 'input') {
    const selected =
      kind === 'result' && state.ResultSelector !== undefined
        ? evaluateTemplate(state.ResultSelector, ctx.pathScope(value), ctx)
        : value;
    combined = applyResultPath(ctx.active.input, state.ResultPath as string | null | undefined, selected);
  }
  const output =
    'OutputPath' in state ? selectOrFail(ctx, state.OutputPath as string | null, combined) : combined;
  const next = route.next === undefined ? nextOf(ctx) : route.next;
  return exitWith(ctx, output, next, assign as JsonObject | undefined);
}

/** Finishes a JSONata state: Assign and Output see the same (old) variables; Output defaults to result or input. */
export async function finishJsonata(ctx: StateContext, result: Json | undefined): Promise<Outcome> {
  const states = result === undefined ? { input: ctx.active.input } : { input: ctx.active.input, result };
  return finishJsonataWith(ctx, ctx.state, states, result ?? ctx.active.input, nextOf(ctx));
}

/** Evaluates Assign and Output of `holder` (a state, Choice rule or catcher) and exits to `next`. */
export async function finishJsonataWith(
  ctx: StateContext,
  holder: JsonObject,
  states: Record<string, Json>,
  fallback: Json,
  next: string | null,
): Promise<Outcome> {
  const scope = ctx.jsonataScope(states);
  const assign =
    holder.Assign === undefined ? undefined : await evaluateJsonataTemplate(holder.Assign, 'Assign', scope);
  const output =
    holder.Output === undefined ? fallback : await evaluateJsonataTemplate(holder.Output, 'Output', scope);
  return exitWith(ctx, output, next, assign as JsonObject | undefined);
}

/** Applies assigned variables to the run and builds the exit outcome. */
export function exitWith(ctx: StateContext, output: Json, next: string | null, assign?: JsonObject): Outcome {
  if (assign === undefined) return { kind: 'exit', output, next };
  const variables = copyObject(ctx.run.variables);
  for (const [name, value] of Object.entries(assign)) setOwn(variables, name, value);
  ctx.run.variables = variables;
  return { kind: 'exit', output, next, assigned: assign };
}

export function isAslError(error: unknown): error is AslError {
  return error instanceof AslError;
}
