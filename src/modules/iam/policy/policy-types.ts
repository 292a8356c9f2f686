// A policy after validation: statements normalized to lists, patterns compiled, conditions parsed.
import type { ConditionClause } from './conditions.js';
import type { Matcher } from './pattern.js';

/** `resource`: a policy attached to a resource (an S3 bucket policy): Principal and Resource both required. */
export type PolicyKind = 'identity' | 'trust' | 'resource';
export type PolicyVersion = '2012-10-17' | '2008-10-17';
export type Effect = 'Allow' | 'Deny';

/** Action/NotAction or Resource/NotResource: the patterns as written and compiled. */
export interface PatternList {
  readonly negated: boolean;
  readonly patterns: readonly string[];
  readonly matchers: readonly Matcher[];
}

/** Principal/NotPrincipal of a trust or resource policy. `"*"` (and `{"AWS": "*"}` in a resource policy) sets `anyone`. */
export interface PrincipalSpec {
  readonly negated: boolean;
  readonly anyone: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
}

export interface Statement {
  /** Position in the Statement array (0 for a lone statement object). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly action: PatternList;
  /** Absent in trust policies. */
  readonly resource: PatternList | undefined;
  readonly principal: PrincipalSpec | undefined;
  readonly conditions: readonly ConditionClause[];
}

export interface Policy {
  readonly kind: PolicyKind;
  /** `2008-10-17` (also when Version is absent) turns policy variables off, as in IAM. */
  readonly version: PolicyVersion;
  readonly statements: readonly Statement[];
  /** The document as given, re-serialized without whitespace. */
  readonly document: string;
}

/** One validation finding, located by a JSON pointer into the document (RFC 6901). */
export interface PolicyProblem {
  readonly pointer: string;
  readonly message: string;
}
