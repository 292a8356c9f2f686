// Differential check, run on purpose: Scones' policy evaluator vs @cloud-copilot/iam-simulate on random cases.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings
//
// The simulator is AGPL-3.0: it is never a dependency of Scones. Install it outside the repository and point
// ORACLE_DIR at that folder, after `npm run build`:
//   mkdir /tmp/iam-oracle && (cd /tmp/iam-oracle && npm init -y && npm i @cloud-copilot/iam-simulate@0.1.173)
//   ORACLE_DIR=/tmp/iam-oracle node bench/iam/oracle-diff.mjs <seed> <cases>
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  evaluatePolicies,
  parsePolicy,
  toConditionContext,
  validatePolicy,
} from '../../dist/modules/iam/index.js';

const oracleDir = process.env.ORACLE_DIR;
if (!oracleDir) throw new Error('set ORACLE_DIR to a folder where @cloud-copilot/iam-simulate is installed');
const oracleEntry = path.join(oracleDir, 'node_modules/@cloud-copilot/iam-simulate/dist/esm/index.js');
const { runSimulation } = await import(pathToFileURL(oracleEntry).href);

let a = Number(process.argv[2] ?? 1) >>> 0;
const rnd = () => {
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rnd() * n);
const pick = (xs) => xs[int(xs.length)];
const some = (xs) => (int(3) === 0 ? [pick(xs), pick(xs)] : pick(xs));

const REQUESTS = [
  ['s3:GetObject', 'arn:aws:s3:::data/alice/a.png'],
  ['s3:GetObject', 'arn:aws:s3:::data/bob/b.png'],
  ['s3:PutObject', 'arn:aws:s3:::data/train/x'],
  ['s3:ListBucket', 'arn:aws:s3:::data'],
  ['s3:DeleteObject', 'arn:aws:s3:::other/k'],
  ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:000000000000:function:bikes-filter'],
  ['states:StartExecution', 'arn:aws:states:us-east-1:000000000000:stateMachine:pipeline'],
  ['sagemaker:InvokeEndpoint', 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/bikes'],
];
const ACTIONS = [
  's3:GetObject',
  's3:Get*',
  's3:*',
  's3:*Object',
  's3:?utObject',
  'lambda:InvokeFunction',
  'lambda:*',
  'states:Start*',
  'sagemaker:InvokeEndpoint',
  '*',
  's3:ListBucket',
];
const RESOURCES = [
  '*',
  'arn:aws:s3:::data/*',
  'arn:aws:s3:::data',
  'arn:aws:s3:::data*',
  'arn:aws:s3:::data/${aws:username}/*',
  'arn:aws:s3:::*/train/*',
  'arn:aws:lambda:*:000000000000:function:bikes-*',
  'arn:aws:states:us-east-1:*:stateMachine:*',
  'arn:aws:sagemaker:*:*:endpoint/b?kes',
  'arn:aws:s3:::other/?',
];
const CONDITIONS = [
  () => ({ StringEquals: { 'aws:username': some(['alice', 'bob']) } }),
  () => ({ StringNotEquals: { 'aws:username': some(['alice', 'bob']) } }),
  () => ({ StringLike: { 'aws:username': some(['a*', '?ob', '*']) } }),
  () => ({ StringEqualsIgnoreCase: { 'aws:username': 'ALICE' } }),
  () => ({ StringNotLikeIfExists: { 'aws:username': 'b*' } }),
  () => ({ IpAddress: { 'aws:SourceIp': some(['10.0.0.0/8', '192.0.2.0/24', '2001:db8::/32']) } }),
  () => ({ NotIpAddress: { 'aws:SourceIp': some(['10.0.0.0/8', '203.0.113.7/32']) } }),
  () => ({ Bool: { 'aws:SecureTransport': pick(['true', 'false']) } }),
  () => ({ BoolIfExists: { 'aws:SecureTransport': pick(['true', 'false']) } }),
  () => ({ DateGreaterThan: { 'aws:CurrentTime': pick(['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z']) } }),
  () => ({ DateLessThanEquals: { 'aws:CurrentTime': pick(['2026-01-15T12:00:00Z', '2025-01-01']) } }),
  () => ({ NumericLessThan: { 'aws:MultiFactorAuthAge': pick(['3600', '10']) } }),
  () => ({ NumericGreaterThanEqualsIfExists: { 'aws:MultiFactorAuthAge': '100' } }),
  () => ({ Null: { 'aws:TokenIssueTime': pick(['true', 'false']) } }),
  () => ({ 'ForAllValues:StringEquals': { 'aws:TagKeys': some(['env', 'team']) } }),
  () => ({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': some(['env', 'team']) } }),
  () => ({ 'ForAnyValue:StringNotLike': { 'aws:TagKeys': 'e*' } }),
  () => ({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'secret' } }),
  () => ({
    ArnLike: { 'aws:SourceArn': some(['arn:aws:lambda:*:000000000000:function:*', 'arn:aws:s3:::data']) },
  }),
  () => ({ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::data' } }),
  () => ({ StringLike: { 'aws:PrincipalTag/team': '${aws:username}*' } }),
];

function statement() {
  const s = { Effect: int(3) === 0 ? 'Deny' : 'Allow' };
  s[int(5) === 0 ? 'NotAction' : 'Action'] = some(ACTIONS);
  s[int(6) === 0 ? 'NotResource' : 'Resource'] = some(RESOURCES);
  if (int(3) !== 0) {
    const c = {};
    for (let i = int(2) + 1; i > 0; i--) Object.assign(c, pick(CONDITIONS)());
    s.Condition = c;
  }
  return s;
}

function context() {
  const c = {};
  if (int(4) !== 0) c['aws:username'] = pick(['alice', 'bob', 'Alice']);
  if (int(4) !== 0) c['aws:SourceIp'] = pick(['10.1.2.3', '192.0.2.9', '203.0.113.7', '2001:db8::5']);
  if (int(4) !== 0) c['aws:SecureTransport'] = pick(['true', 'false']);
  if (int(4) !== 0) c['aws:CurrentTime'] = pick(['2026-01-15T12:00:00Z', '2026-06-01T00:00:00Z']);
  if (int(3) === 0) c['aws:MultiFactorAuthAge'] = pick(['5', '500', '5000']);
  if (int(3) === 0) c['aws:TokenIssueTime'] = '2026-01-15T11:00:00Z';
  if (int(2) === 0) c['aws:TagKeys'] = pick([['env'], ['env', 'team'], ['secret', 'env'], []]);
  if (int(3) === 0)
    c['aws:SourceArn'] = pick(['arn:aws:lambda:us-east-1:000000000000:function:f', 'arn:aws:s3:::data']);
  if (int(3) === 0) c['aws:PrincipalTag/team'] = pick(['alice-team', 'x']);
  return c;
}

const MAP = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };
const N = Number(process.argv[3] ?? 1000);
let same = 0,
  errors = 0,
  diffs = [];
for (let i = 0; i < N; i++) {
  const policies = Array.from({ length: int(2) + 1 }, (_, p) => ({
    name: `p${p}`,
    policy: { Version: '2012-10-17', Statement: Array.from({ length: int(3) + 1 }, statement) },
  }));
  const [action, resource] = pick(REQUESTS);
  const ctx = context();
  for (const p of policies)
    if (validatePolicy(p.policy).length) throw new Error(`ours rejects ${JSON.stringify(p.policy)}`);
  const ours = evaluatePolicies(
    policies.map((p) => ({ name: p.name, policy: parsePolicy(p.policy) })),
    { action, resource, context: toConditionContext(ctx) },
  ).decision;
  const res = await runSimulation(
    {
      identityPolicies: policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: undefined,
      request: {
        action,
        principal: 'arn:aws:iam::000000000000:user/alice',
        resource: { resource, accountId: '000000000000' },
        contextVariables: ctx,
      },
    },
    {},
  );
  if (res.resultType === 'error') {
    errors++;
    if (errors <= 3) console.log('oracle error', JSON.stringify(res.errors).slice(0, 400));
    continue;
  }
  const theirs = MAP[res.overallResult] ?? res.overallResult;
  if (theirs === ours) same++;
  else diffs.push({ ours, theirs, action, resource, ctx, policies: policies.map((p) => p.policy) });
}
console.log(JSON.stringify({ cases: N, agree: same, disagree: diffs.length, oracleErrors: errors }));
for (const d of diffs.slice(0, 4)) console.log(JSON.stringify(d));
