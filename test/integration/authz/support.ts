// A real Scones server with authentication on, an administrator and a read-only user, and helpers to call it.
import type { TestServer } from '../../support/scones-app.js';
import { startTestServer } from '../../support/scones-app.js';

export { runPython } from '../../support/python.js';

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AuthServer extends TestServer {
  readonly admin: Keys;
  /** May only read `s3://shared/public/*` and list functions. */
  readonly reader: Keys;
  bearer(keys: Keys): string;
}

export async function startAuthServer(settings: Readonly<Record<string, unknown>> = {}): Promise<AuthServer> {
  const started = await startTestServer({ 'server.auth': 'on', ...settings });
  const iam = started.app.iam;
  await iam.users.createUser('admin');
  await iam.policies.attach({ type: 'user', name: 'admin' }, 'all', allowAll());
  await iam.users.createUser('reader');
  await iam.policies.attach({ type: 'user', name: 'reader' }, 'read-public', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/public/*' },
      { Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' },
    ],
  });
  const admin = await iam.users.createAccessKey('admin');
  const reader = await iam.users.createAccessKey('reader');
  return {
    ...started,
    admin: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
    reader: { accessKeyId: reader.accessKeyId, secretAccessKey: reader.secretAccessKey },
    bearer: (keys) =>
      `Bearer ${[keys.accessKeyId, keys.secretAccessKey, ...(keys.sessionToken ? [keys.sessionToken] : [])].join(':')}`,
  };
}

export function allowAll() {
  return allowOnly('*', '*');
}

/** A policy document that allows `action` on `resource` and nothing else. */
export function allowOnly(action: string, resource: string) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] };
}
