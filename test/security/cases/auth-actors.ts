// The principals of the authentication cases: an administrator (the server's), alice (s3:Get* on one bucket, and
// function and state machine creation without iam:PassRole), carol (alice's rights, key deactivated), an admin
// role to try to pass, and the expected refusals in each protocol's words.
import { zipOf } from '../../support/zip.js';
import { createUserWithKey, type HostileServer, VICTIM_BUCKET } from '../support/hostile-server.js';
import { type HttpCall, send } from '../support/http-client.js';
import { type Credentials, type Service, type SignOptions, signCall } from '../support/sign.js';

export const ADMIN_ROLE = 'arn:aws:iam::000000000000:role/admin-role';
export const VICTIM_FUNCTION = 'victim-fn';

/** Alice may only read objects of the victim bucket, and create functions and state machines (but pass no role). */
const ALICE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:Get*', Resource: `arn:aws:s3:::${VICTIM_BUCKET}/*` },
    {
      Effect: 'Allow',
      Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration', 'states:CreateStateMachine'],
      Resource: '*',
    },
  ],
};

/** Filled by `setupActors` before the first case runs. */
export const actors = {
  alice: undefined as unknown as Credentials,
  carol: undefined as unknown as Credentials,
};

export async function setupActors(s: HostileServer): Promise<void> {
  const { iam, functions, store } = s.app;
  actors.alice = await createUserWithKey(s.app, 'alice', ALICE_POLICY);
  actors.carol = await createUserWithKey(s.app, 'carol', ALICE_POLICY);
  await iam.users.setAccessKeyStatus(actors.carol.accessKeyId, 'Inactive');
  await iam.roles.createRole('admin-role');
  await iam.policies.attach({ type: 'role', name: 'admin-role' }, 'all', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
  await functions.create({
    name: VICTIM_FUNCTION,
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    code: { kind: 'zip', bytes: zipOf([{ name: 'index.js', content: 'exports.handler = async () => 1;' }]) },
  });
  await store.createBucket('victim-evil');
  await store.putObject('victim-evil', 'x.txt', Buffer.from('not yours'));
}

export const AUTH_CODES =
  /^(IAM_[A-Z_]+|AUTH_[A-Z_]+|AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|AuthorizationHeaderMalformed|AuthorizationQueryParametersError|RequestTimeTooSkewed|MissingAuthenticationToken|UnrecognizedClientException|InvalidSignatureException|IncompleteSignature|AccessDeniedException|XAmzContentSHA256Mismatch|InvalidRequest)$/;
export const REFUSED = { status: [400, 401, 403], code: AUTH_CODES };
export const DENIED = { status: 403, code: /^(AccessDenied|AccessDeniedException|IAM_ACCESS_DENIED)$/ };

export const sigv4As = async (
  s: HostileServer,
  service: Service,
  call: HttpCall,
  keys: Credentials,
  options: SignOptions = {},
) => send(s.url, await signCall(s.url, service, call, keys, options));

export const WRONG_SECRET = (keys: Credentials): Credentials => ({
  ...keys,
  secretAccessKey: `${keys.secretAccessKey}x`,
});
export const UNKNOWN_KEY: Credentials = { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'nope' };

export const sfnCall = (operation: string, body: unknown = {}): HttpCall => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
  body: JSON.stringify(body),
});

export const lambdaJson = (method: string, path: string, body: unknown): HttpCall => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
