// Helpers for policy tests: build documents, evaluate them against one request.
import {
  type ContextInput,
  type Decision,
  evaluatePolicies,
  parsePolicy,
  toConditionContext,
} from '../../../src/modules/iam/index.js';

export type Doc = Record<string, unknown>;

export function policy(...statements: Doc[]): Doc {
  return { Version: '2012-10-17', Statement: statements };
}

export const allow = (fields: Doc): Doc => ({ Effect: 'Allow', ...fields });
export const deny = (fields: Doc): Doc => ({ Effect: 'Deny', ...fields });

export function decide(
  docs: Doc | Doc[],
  action: string,
  resource: string,
  context: ContextInput = {},
): Decision {
  const list = Array.isArray(docs) ? docs : [docs];
  const policies = list.map((doc, i) => ({ name: `p${i}`, policy: parsePolicy(doc) }));
  return evaluatePolicies(policies, { action, resource, context: toConditionContext(context) });
}

/** Whether one condition block lets an Allow statement on `*` apply. */
export function conditionHolds(condition: Doc, context: ContextInput): boolean {
  return decide(
    policy(allow({ Action: '*', Resource: '*', Condition: condition })),
    's3:GetObject',
    '*',
    context,
  ).allowed;
}
