// Parses and validates a policy document against the IAM grammar, reporting every problem with its JSON pointer.
import { iamError } from '../errors.js';
import { pointer } from './json-pointer.js';
import type { Policy, PolicyKind, PolicyProblem, PolicyVersion, Statement } from './policy-types.js';
import { parseStatement, type StatementScope } from './statement-parse.js';

const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17'];
const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
/** IAM's largest inline policy is 10,240 characters; a little room for whitespace. */
export const MAX_POLICY_CHARS = 131_072;

export interface PolicyAnalysis {
  readonly policy: Policy | undefined;
  readonly problems: readonly PolicyProblem[];
}

function readDocument(input: unknown, problems: PolicyProblem[]): unknown {
  if (typeof input !== 'string') return input;
  if (input.length > MAX_POLICY_CHARS) {
    problems.push({ pointer: '', message: `policy is longer than ${MAX_POLICY_CHARS} characters` });
    return undefined;
  }
  try {
    return JSON.parse(input);
  } catch (error) {
    problems.push({ pointer: '', message: `policy is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

function readVersion(raw: Record<string, unknown>, problems: PolicyProblem[]): PolicyVersion {
  if (raw.Version === undefined) return '2008-10-17';
  if (VERSIONS.includes(raw.Version as PolicyVersion)) return raw.Version as PolicyVersion;
  problems.push({ pointer: '/Version', message: `Version must be ${VERSIONS.join(' or ')}` });
  return '2012-10-17';
}

/** Validates without throwing: the compiled policy when there is no problem. */
export function analyzePolicy(input: unknown, kind: PolicyKind): PolicyAnalysis {
  const problems: PolicyProblem[] = [];
  const raw = readDocument(input, problems);
  if (problems.length > 0) return { policy: undefined, problems };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { policy: undefined, problems: [{ pointer: '', message: 'a policy must be a JSON object' }] };
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(fields))
    if (!TOP_KEYS.has(key))
      problems.push({ pointer: pointer('', key), message: `unknown policy element ${key}` });
  const version = readVersion(fields, problems);
  if (fields.Id !== undefined && typeof fields.Id !== 'string')
    problems.push({ pointer: '/Id', message: 'Id must be a string' });
  const scope: StatementScope = { kind, variables: version === '2012-10-17', problems, sids: new Set() };
  const statements = readStatements(fields.Statement, scope);
  if (problems.length > 0) return { policy: undefined, problems };
  return { policy: { kind, version, statements, document: JSON.stringify(raw) }, problems };
}

function readStatements(raw: unknown, scope: StatementScope): Statement[] {
  if (raw === undefined) {
    scope.problems.push({ pointer: '', message: 'a policy needs Statement' });
    return [];
  }
  if (Array.isArray(raw) && raw.length === 0) {
    scope.problems.push({ pointer: '/Statement', message: 'Statement must not be empty' });
    return [];
  }
  const list = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((item, i) => {
    const at = Array.isArray(raw) ? pointer('/Statement', i) : '/Statement';
    return parseStatement(item, at, i, scope) ?? [];
  });
}

/** Problems of a policy document (JSON text or parsed value); empty when it is valid. */
export function validatePolicy(input: unknown, kind: PolicyKind = 'identity'): readonly PolicyProblem[] {
  return analyzePolicy(input, kind).problems;
}

/** The compiled policy, or IAM_MALFORMED_POLICY with `details.problems` listing every finding. */
export function parsePolicy(input: unknown, kind: PolicyKind = 'identity'): Policy {
  const { policy, problems } = analyzePolicy(input, kind);
  if (policy) return policy;
  const summary = problems
    .slice(0, 20)
    .map((p) => `${p.pointer || '(document)'}: ${p.message}`)
    .join('; ');
  const more = problems.length > 20 ? ` (and ${problems.length - 20} more)` : '';
  throw iamError('MALFORMED_POLICY', `invalid ${kind} policy: ${summary}${more}`, { problems });
}
