// Identity-policy evaluation as AWS does it: an explicit Deny wins, else an Allow, else the implicit deny.
import { evaluateClause } from './conditions.js';
import type { VariableSource } from './pattern.js';
import type { Effect, PatternList, Policy, PrincipalSpec, Statement } from './policy-types.js';
import { type ConditionContext, variableSource } from './request-context.js';

export interface NamedPolicy {
  readonly name: string;
  readonly policy: Policy;
}

/** Who asks, for trust policies (their Principal element). */
export interface CallerIdentity {
  readonly arn?: string;
  readonly accountId?: string;
  /** e.g. `lambda.amazonaws.com`. */
  readonly service?: string;
}

export interface EvaluationRequest {
  readonly action: string;
  /** Ignored by trust policies, which have no Resource. */
  readonly resource: string;
  readonly context: ConditionContext;
  readonly caller?: CallerIdentity;
}

export interface StatementRef {
  readonly policyName: string;
  readonly sid: string | undefined;
  readonly index: number;
  readonly effect: Effect;
}

/** A statement whose action (and resource) matched but which did not apply, and the first reason. */
export interface NearMiss extends StatementRef {
  readonly failed: string;
}

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface Decision {
  readonly decision: DecisionKind;
  readonly allowed: boolean;
  /** The first Deny that applied, else the first Allow; absent for an implicit deny. */
  readonly decidedBy: StatementRef | undefined;
  /** Every statement that applied, in policy order. */
  readonly matched: readonly StatementRef[];
  readonly nearMisses: readonly NearMiss[];
  readonly reason: string;
}

type Outcome = { readonly applies: true } | { readonly applies: false; readonly failed?: string };

/** A pattern whose variable has no value matches nothing, and keeps a Not- list from holding. */
function listMatches(list: PatternList, value: string, vars: VariableSource): boolean {
  if (list.negated) return list.matchers.every((m) => m.matches(value, vars) === false);
  return list.matchers.some((m) => m.matches(value, vars) === true);
}

function principalMatches(spec: PrincipalSpec, caller: CallerIdentity | undefined): boolean {
  const service = caller?.service?.toLowerCase();
  const account = caller?.accountId;
  const hit =
    spec.anyone ||
    (service !== undefined && spec.service.some((s) => s.toLowerCase() === service)) ||
    spec.aws.some(
      (entry) =>
        (entry === '*' && caller?.arn !== undefined) ||
        (caller?.arn !== undefined && entry === caller.arn) ||
        (account !== undefined && (entry === account || entry === `arn:aws:iam::${account}:root`)),
    );
  return spec.negated ? !hit : hit;
}

function statementOutcome(statement: Statement, request: EvaluationRequest, vars: VariableSource): Outcome {
  if (!listMatches(statement.action, request.action, vars)) return { applies: false };
  if (statement.resource && !listMatches(statement.resource, request.resource, vars))
    return {
      applies: false,
      failed: `resource ${request.resource} is not in ${describeList(statement.resource)}`,
    };
  if (statement.principal && !principalMatches(statement.principal, request.caller))
    return { applies: false, failed: 'the caller is not its Principal' };
  for (const clause of statement.conditions) {
    if (!evaluateClause(clause, request.context, vars)) {
      const actual = request.context.get(clause.key.toLowerCase());
      const seen = actual ? JSON.stringify(actual.length === 1 ? actual[0] : actual) : 'absent';
      return {
        applies: false,
        failed: `condition ${clause.operator} ${clause.key} is false (value ${seen})`,
      };
    }
  }
  return { applies: true };
}

function describeList(list: PatternList): string {
  return `${list.negated ? 'NotResource ' : ''}${JSON.stringify(list.patterns.length === 1 ? list.patterns[0] : list.patterns)}`;
}

export function evaluatePolicies(policies: readonly NamedPolicy[], request: EvaluationRequest): Decision {
  const vars = variableSource(request.context);
  const matched: StatementRef[] = [];
  const nearMisses: NearMiss[] = [];
  for (const { name, policy } of policies) {
    for (const statement of policy.statements) {
      const ref = { policyName: name, sid: statement.sid, index: statement.index, effect: statement.effect };
      const outcome = statementOutcome(statement, request, vars);
      if (outcome.applies) matched.push(ref);
      else if (outcome.failed) nearMisses.push({ ...ref, failed: outcome.failed });
    }
  }
  const deny = matched.find((s) => s.effect === 'Deny');
  const allow = matched.find((s) => s.effect === 'Allow');
  const decision: DecisionKind = deny ? 'ExplicitDeny' : allow ? 'Allow' : 'ImplicitDeny';
  const decidedBy = deny ?? allow;
  return {
    decision,
    allowed: decision === 'Allow',
    decidedBy,
    matched,
    nearMisses,
    reason: explain(decision, decidedBy, request),
  };
}

export function describeStatement(ref: StatementRef): string {
  return `policy ${JSON.stringify(ref.policyName)} statement ${ref.index}${ref.sid ? ` (Sid ${ref.sid})` : ''}`;
}

function explain(decision: DecisionKind, by: StatementRef | undefined, request: EvaluationRequest): string {
  const what = `${request.action} on ${request.resource}`;
  if (decision === 'ImplicitDeny' || !by) return `implicit deny: no statement allows ${what}`;
  if (decision === 'ExplicitDeny') return `explicit deny: ${describeStatement(by)} denies ${what}`;
  return `allowed: ${describeStatement(by)} allows ${what}`;
}
