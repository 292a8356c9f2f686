// The policy document of a POST object form: expiration and conditions checked as S3 checks them (eq, starts-with,
// content-length-range; every form field covered by a condition), refusals worded as S3 words them.
import { s3Error } from './s3-errors.js';

export interface PostPolicy {
  /** The allowed file size, when the policy limits it. */
  readonly lengthRange: readonly [number, number] | undefined;
}

/** Fields S3 never asks a condition for. */
const EXEMPT = new Set(['x-amz-signature', 'file', 'policy', 'awsaccesskeyid', 'signature']);

function denied(why: string): never {
  throw s3Error('ACCESS_DENIED', `Invalid according to Policy: ${why}`);
}

/** Checks the decoded policy against the form's fields (names lower-case, `key` already with `${filename}`). */
export function checkPostPolicy(
  policyBase64: string,
  fields: ReadonlyMap<string, string>,
  bucket: string,
  now: number,
): PostPolicy {
  const document = decode(policyBase64);
  const expiration = Date.parse(String(document.expiration ?? ''));
  if (Number.isNaN(expiration))
    throw s3Error('INVALID_ARGUMENT', "Invalid Policy: Invalid 'expiration' value.");
  if (expiration < now) denied('Policy expired.');
  if (!Array.isArray(document.conditions))
    throw s3Error('INVALID_ARGUMENT', "Invalid Policy: Invalid 'conditions' value.");
  const values = new Map(fields);
  values.set('bucket', bucket);
  const covered = new Set<string>(['bucket']);
  let lengthRange: [number, number] | undefined;
  for (const condition of document.conditions as unknown[]) {
    const [operator, name, expected] = normalize(condition);
    if (operator === 'content-length-range') {
      lengthRange = [Number(name), Number(expected)];
      continue;
    }
    const field = name.replace(/^\$/, '').toLowerCase();
    covered.add(field);
    const actual = values.get(field) ?? '';
    const holds = operator === 'eq' ? actual === expected : actual.startsWith(expected);
    if (!holds) denied(`Policy Condition failed: ["${operator}", "$${field}", "${expected}"]`);
  }
  const extra = [...fields.keys()].filter(
    (name) => !EXEMPT.has(name) && !covered.has(name) && !name.startsWith('x-ignore-'),
  );
  if (extra.length > 0) denied(`Extra input fields: ${extra.join(', ')}`);
  return { lengthRange };
}

function decode(policyBase64: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw s3Error('INVALID_ARGUMENT', 'Invalid Policy: Invalid JSON.');
}

/** `{"acl": "x"}` is `["eq", "$acl", "x"]`; arrays are taken as written. */
function normalize(condition: unknown): [string, string, string] {
  if (Array.isArray(condition) && condition.length === 3) {
    const [operator, name, value] = condition.map((item) => String(item)) as [string, string, string];
    const op = operator.toLowerCase();
    if (op === 'eq' || op === 'starts-with' || op === 'content-length-range') return [op, name, value];
  } else if (typeof condition === 'object' && condition !== null) {
    const entries = Object.entries(condition);
    if (entries.length === 1) {
      const [name, value] = entries[0] as [string, unknown];
      return ['eq', `$${name}`, String(value)];
    }
  }
  throw s3Error('INVALID_ARGUMENT', `Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`);
}
