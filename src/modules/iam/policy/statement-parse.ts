// Validates and compiles one policy statement (Sid, Effect, Principal, Action, Resource, Condition).
import { parseConditionBlock } from './condition-parse.js';
import { pointer } from './json-pointer.js';
import { compileArnPattern, compileGlob } from './pattern.js';
import type { PatternList, PolicyKind, PolicyProblem, PrincipalSpec, Statement } from './policy-types.js';

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const ACTION = /^([a-zA-Z0-9-]+:[a-zA-Z0-9*?_-]+|\*)$/;
const ARN_PATTERN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/s;
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

export interface StatementScope {
  readonly kind: PolicyKind;
  readonly variables: boolean;
  readonly problems: PolicyProblem[];
  readonly sids: Set<string>;
}

function stringList(raw: unknown, at: string, scope: StatementScope, element: string): string[] | undefined {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    scope.problems.push({ pointer: at, message: `${element} must not be empty` });
    return undefined;
  }
  const bad = list.flatMap((item, i) => (typeof item === 'string' && item.length > 0 ? [] : [i]));
  for (const i of bad)
    scope.problems.push({
      pointer: Array.isArray(raw) ? pointer(at, i) : at,
      message: `${element} entries must be non-empty strings`,
    });
  return bad.length === 0 ? (list as string[]) : undefined;
}

/** Exactly one of `Name` and `NotName`, or neither when `required` is false. */
function pick(
  raw: Record<string, unknown>,
  name: string,
  at: string,
  scope: StatementScope,
  required: boolean,
) {
  const has = raw[name] !== undefined;
  const hasNot = raw[`Not${name}`] !== undefined;
  if (has && hasNot)
    scope.problems.push({
      pointer: pointer(at, `Not${name}`),
      message: `use ${name} or Not${name}, not both`,
    });
  else if (!has && !hasNot && required)
    scope.problems.push({ pointer: at, message: `a statement needs ${name} or Not${name}` });
  else if (has || hasNot) {
    const element = has ? name : `Not${name}`;
    return { element, negated: !has, value: raw[element], at: pointer(at, element) };
  }
  return undefined;
}

function parseActions(
  raw: Record<string, unknown>,
  at: string,
  scope: StatementScope,
): PatternList | undefined {
  const found = pick(raw, 'Action', at, scope, true);
  if (!found) return undefined;
  const patterns = stringList(found.value, found.at, scope, found.element);
  if (!patterns) return undefined;
  let valid = true;
  patterns.forEach((p, i) => {
    if (ACTION.test(p)) return;
    valid = false;
    const where = Array.isArray(found.value) ? pointer(found.at, i) : found.at;
    scope.problems.push({
      pointer: where,
      message: `action ${JSON.stringify(p)} is not service:action or *`,
    });
  });
  if (!valid) return undefined;
  const matchers = patterns.map((p) => compileGlob(p, { ignoreCase: true, variables: false }));
  return { negated: found.negated, patterns, matchers };
}

function parseResources(raw: Record<string, unknown>, at: string, scope: StatementScope) {
  const found = pick(raw, 'Resource', at, scope, scope.kind !== 'trust');
  if (!found) return undefined;
  if (scope.kind === 'trust') {
    scope.problems.push({ pointer: found.at, message: `a trust policy has no ${found.element}` });
    return undefined;
  }
  const patterns = stringList(found.value, found.at, scope, found.element);
  if (!patterns) return undefined;
  let valid = true;
  patterns.forEach((p, i) => {
    if (p === '*' || ARN_PATTERN.test(p)) return;
    valid = false;
    const where = Array.isArray(found.value) ? pointer(found.at, i) : found.at;
    const message = `resource ${JSON.stringify(p)} is not * or an ARN (arn:partition:service:region:account:resource)`;
    scope.problems.push({ pointer: where, message });
  });
  if (!valid) return undefined;
  const matchers = patterns.map((p) => compileArnPattern(p, { variables: scope.variables }));
  return { negated: found.negated, patterns, matchers } satisfies PatternList;
}

function parsePrincipal(raw: Record<string, unknown>, at: string, scope: StatementScope) {
  const found = pick(raw, 'Principal', at, scope, scope.kind !== 'identity');
  if (!found) return undefined;
  if (scope.kind === 'identity') {
    scope.problems.push({ pointer: found.at, message: `an identity policy has no ${found.element}` });
    return undefined;
  }
  const spec = { negated: found.negated, anyone: false, aws: [], service: [], federated: [] };
  if (found.value === '*') return { ...spec, anyone: true } satisfies PrincipalSpec;
  const value = found.value;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    Object.keys(value).length === 0
  ) {
    scope.problems.push({
      pointer: found.at,
      message: `${found.element} must be "*" or an object like {"Service": ...}`,
    });
    return undefined;
  }
  const lists: Record<string, string[]> = {};
  for (const [type, entries] of Object.entries(value)) {
    const typeAt = pointer(found.at, type);
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type))
      scope.problems.push({
        pointer: typeAt,
        message: `unknown principal type ${type} (${PRINCIPAL_TYPES.join(', ')})`,
      });
    else lists[type] = stringList(entries, typeAt, scope, `${found.element}.${type}`) ?? [];
  }
  // In a resource policy `{"AWS": "*"}` means everyone, anonymous callers included, as `"*"` does.
  const anyone = scope.kind === 'resource' && (lists.AWS ?? []).includes('*');
  return {
    ...spec,
    anyone,
    aws: lists.AWS ?? [],
    service: lists.Service ?? [],
    federated: lists.Federated ?? [],
  } satisfies PrincipalSpec;
}

function parseSid(raw: Record<string, unknown>, at: string, scope: StatementScope): string | undefined {
  const sid = raw.Sid;
  if (sid === undefined) return undefined;
  const sidAt = pointer(at, 'Sid');
  const allowed = scope.kind === 'identity' ? /^[A-Za-z0-9]*$/ : /^[A-Za-z0-9 _.:-]*$/;
  if (typeof sid !== 'string' || !allowed.test(sid)) {
    const rule = scope.kind === 'identity' ? 'letters and digits' : 'letters, digits, spaces and _.:-';
    scope.problems.push({ pointer: sidAt, message: `Sid must be a string of ${rule}` });
    return undefined;
  }
  if (sid !== '' && scope.sids.has(sid))
    scope.problems.push({ pointer: sidAt, message: `duplicate Sid ${JSON.stringify(sid)}` });
  scope.sids.add(sid);
  return sid;
}

export function parseStatement(raw: unknown, at: string, index: number, scope: StatementScope) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    scope.problems.push({ pointer: at, message: 'a statement must be a JSON object' });
    return undefined;
  }
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(fields))
    if (!STATEMENT_KEYS.has(key))
      scope.problems.push({ pointer: pointer(at, key), message: `unknown statement element ${key}` });
  const effect = fields.Effect;
  if (effect !== 'Allow' && effect !== 'Deny')
    scope.problems.push({
      pointer: effect === undefined ? at : pointer(at, 'Effect'),
      message: effect === undefined ? 'a statement needs Effect' : 'Effect must be "Allow" or "Deny"',
    });
  const statement = {
    index,
    sid: parseSid(fields, at, scope),
    effect: effect as Statement['effect'],
    action: parseActions(fields, at, scope),
    resource: parseResources(fields, at, scope),
    principal: parsePrincipal(fields, at, scope),
    conditions:
      fields.Condition === undefined
        ? []
        : parseConditionBlock(fields.Condition, pointer(at, 'Condition'), scope.variables, scope.problems),
  };
  return statement.action ? ({ ...statement, action: statement.action } satisfies Statement) : undefined;
}
