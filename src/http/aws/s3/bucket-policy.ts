// S3 bucket policy documents: validated as S3 validates them (MalformedPolicy with S3's own messages), compiled
// with the IAM grammar as a resource policy, and judged public or not as S3 judges them for Block Public Access.
import { analyzePolicy, type Policy } from '../../../modules/iam/index.js';
import { s3Error } from './s3-errors.js';

/** S3 refuses bucket policies over 20 KB. */
const MAX_POLICY_BYTES = 20 * 1024;
const AWS_PRINCIPAL =
  /^(\*|\d{12}|arn:aws:iam::\d{12}:(root|user\/.+|role\/.+)|arn:aws:sts::\d{12}:assumed-role\/.+)$/;
/** Actions that act on objects (resource `bucket/key`); every other s3 action acts on the bucket. */
const OBJECT_ACTION =
  /^s3:(\*|.*Object.*|AbortMultipartUpload|ListMultipartUploadParts|RestoreObject|GetObject\*|PutObject\*)$/i;
const BUCKET_ACTION =
  /^s3:(?!(GetObject|PutObject|DeleteObject|AbortMultipartUpload|ListMultipartUploadParts|RestoreObject)).+$/i;

type Raw = Record<string, unknown>;

function malformed(message: string): never {
  throw s3Error('MALFORMED_POLICY', message);
}

/** The compiled policy, or S3's MalformedPolicy naming the first thing S3 would object to. */
export function parseBucketPolicy(text: string, bucket: string): Policy {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES)
    throw s3Error('POLICY_TOO_LARGE', 'Policy exceeds the maximum allowed document size.');
  const raw = readJson(text);
  if (raw.Version !== undefined && raw.Version !== '2012-10-17' && raw.Version !== '2008-10-17')
    malformed('Invalid Version');
  const statements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  if (raw.Statement === undefined) malformed('Missing required field Statement');
  for (const statement of statements) checkStatement(statement, bucket);
  const { policy, problems } = analyzePolicy(raw, 'resource');
  if (policy) return policy;
  const unknown = problems.find((p) => /^unknown (policy|statement) element/.test(p.message));
  malformed(unknown ? `Unknown field ${unknown.pointer.split('/').at(-1)}` : 'Invalid policy syntax.');
}

function readJson(text: string): Raw {
  try {
    if (text.trimStart().startsWith('{')) {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Raw;
    }
  } catch {
    // reported below, in S3's words
  }
  return malformed("Policies must be valid JSON and the first byte must be '{'");
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function checkStatement(statement: unknown, bucket: string): void {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement))
    malformed('Invalid policy syntax.');
  const s = statement as Raw;
  const principal = s.Principal ?? s.NotPrincipal;
  if (principal === undefined) malformed('Missing required field Principal');
  if (!validPrincipal(principal)) malformed('Invalid principal in policy');
  const actions = list(s.Action ?? s.NotAction);
  if (s.Action === undefined && s.NotAction === undefined) malformed('Missing required field Action');
  if (!actions.every((a) => typeof a === 'string' && (a === '*' || /^s3:[A-Za-z0-9*?]+$/.test(a))))
    malformed('Policy has invalid action');
  if (s.Resource === undefined && s.NotResource === undefined) malformed('Missing required field Resource');
  const resources = list(s.Resource ?? s.NotResource);
  if (!resources.every((r) => typeof r === 'string' && inBucket(r, bucket)))
    malformed('Policy has invalid resource');
  if (s.Action !== undefined && !actionsApply(actions as string[], resources as string[]))
    malformed('Action does not apply to any resource(s) in statement');
}

function validPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return false;
  const entries = Object.entries(principal as Raw);
  if (entries.length === 0) return false;
  return entries.every(([type, value]) => {
    const values = list(value);
    if (!values.every((v) => typeof v === 'string' && v.length > 0)) return false;
    if (type === 'AWS') return (values as string[]).every((v) => AWS_PRINCIPAL.test(v));
    return type === 'Service' || type === 'CanonicalUser' || type === 'Federated';
  });
}

/** A bucket policy may only name this bucket and its objects. */
function inBucket(resource: string, bucket: string): boolean {
  const arn = `arn:aws:s3:::${bucket}`;
  return resource === arn || resource.startsWith(`${arn}/`);
}

function actionsApply(actions: readonly string[], resources: readonly string[]): boolean {
  const hasObject = resources.some((r) => r.includes('/'));
  const hasBucket = resources.some((r) => !r.includes('/'));
  return actions.some(
    (a) => a.includes('*') || (hasObject && OBJECT_ACTION.test(a)) || (hasBucket && BUCKET_ACTION.test(a)),
  );
}

/** Condition keys that, with fixed values, confine a `"*"` principal to known callers (S3's definition). */
const CONFINING_KEYS = new Set(
  [
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:userid',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
  ].map((k) => k.toLowerCase()),
);

/** Public as S3 means it: some Allow grants everyone (`"*"`) without a condition confining who. */
export function isPublicPolicy(text: string): boolean {
  const raw = JSON.parse(text) as Raw;
  return list(raw.Statement).some((statement) => {
    const s = statement as Raw;
    if (s.Effect !== 'Allow') return false;
    const everyone =
      s.NotPrincipal !== undefined ||
      s.Principal === '*' ||
      list((s.Principal as Raw | undefined)?.AWS).includes('*');
    return everyone && !confined(s.Condition);
  });
}

function confined(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition as Raw).some(([operator, block]) => {
    if (/Not|IfExists|Null/i.test(operator) || typeof block !== 'object' || block === null) return false;
    return Object.entries(block as Raw).some(
      ([key, values]) =>
        CONFINING_KEYS.has(key.toLowerCase()) &&
        list(values).every((v) => typeof v === 'string' && !v.includes('*') && !/\/0$/.test(v)),
    );
  });
}
