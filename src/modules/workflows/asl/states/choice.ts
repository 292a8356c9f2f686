// Choice: picks the next state by the first matching rule (JSONPath rules or JSONata Conditions), else Default.

import { ruleMatches } from '../choice/rules.js';
import { AslError, queryError, StatesErrors } from '../errors.js';
import type { Json, JsonObject } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { effectiveInput, finishJsonataWith, finishJsonPath } from '../step/dataflow.js';
import type { Outcome, StateHandler } from '../step/outcome.js';
import type { StateContext } from '../step/state-context.js';

export const choiceHandler: StateHandler = {
  kind: 'Choice',
  recoverable: false,
  start(ctx) {
    return ctx.language === 'JSONata' ? chooseJsonata(ctx) : chooseJsonPath(ctx);
  },
};

function chooseJsonPath(ctx: StateContext): Outcome {
  const input = effectiveInput(ctx);
  const scope = ctx.pathScope(input);
  const rules = ctx.state.Choices as JsonObject[];
  const rule = rules.find((r) => ruleMatches(r, scope, ctx));
  if (rule !== undefined)
    return finishJsonPath(ctx, input, 'input', { assignFrom: rule, next: rule.Next as string });
  return finishJsonPath(ctx, input, 'input', { next: defaultOrFail(ctx) });
}

async function chooseJsonata(ctx: StateContext): Promise<Outcome> {
  const states: Record<string, Json> = { input: ctx.active.input };
  const scope = ctx.jsonataScope(states);
  const rules = ctx.state.Choices as JsonObject[];
  for (const [i, rule] of rules.entries()) {
    const condition = await evaluateJsonataTemplate(rule.Condition as Json, `Choices[${i}]/Condition`, scope);
    if (typeof condition !== 'boolean') {
      throw queryError(
        `The Condition of Choices[${i}] must evaluate to a boolean, but was ${JSON.stringify(condition)}`,
      );
    }
    if (condition) return finishJsonataWith(ctx, rule, states, ctx.active.input, rule.Next as string);
  }
  return finishJsonataWith(ctx, ctx.state, states, ctx.active.input, defaultOrFail(ctx));
}

function defaultOrFail(ctx: StateContext): string {
  const fallback = ctx.state.Default;
  if (typeof fallback === 'string') return fallback;
  throw new AslError(
    StatesErrors.NoChoiceMatched,
    `No Choice Rule matched the input and no Default is set in state '${ctx.name}'.`,
  );
}
