// A real Scones server (the one `scones serve` starts) on a temporary home, with small limits so hostile cases
// are quick, seeded with data a refused request must leave alone.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/app/config.js';
import { type App, createApp } from '../../../src/app/container.js';
import { type RunningServer, startServer } from '../../../src/app/server.js';
import { type HttpCall, type HttpReply, send } from './http-client.js';
import { type Credentials, type Service, signCall } from './sign.js';

export interface HostileServer {
  readonly url: string;
  readonly app: App;
  readonly running: RunningServer;
  readonly home: string;
  /** Credentials of an administrator, for the AWS protocol calls a hostile case makes as a legitimate client. */
  readonly credentials: Credentials;
  /** Headers that authenticate an administrator on the REST API. */
  readonly restHeaders: Readonly<Record<string, string>>;
  /** Sends `call` as is. */
  send(call: HttpCall): Promise<HttpReply>;
  /** Sends `call` on the REST API as the administrator. */
  rest(call: HttpCall): Promise<HttpReply>;
  /** Signs `call` for `service` as the administrator and sends it. */
  aws(service: Service, call: HttpCall): Promise<HttpReply>;
  close(): Promise<void>;
}

/**
 * Limits of the hostile servers: a small body limit so oversized cases are cheap to send; timeouts long enough for
 * the largest legitimate uploads on a loaded machine (the slow-client cases set short ones of their own).
 */
export const LIMITS = {
  bodyLimitBytes: 256 * 1024,
  headersTimeoutMs: 5000,
  requestTimeoutMs: 30_000,
} as const;

export const VICTIM_BUCKET = 'victim';
export const OTHER_BUCKET = 'other-bucket';
export const SECRET_KEY = 'secret.txt';

export async function startHostileServer(
  settings: Readonly<Record<string, unknown>> = {},
): Promise<HostileServer> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'scones-security-'));
  const config = loadConfig({
    env: { SCONES_HOME: home, SCONES_LOG_LEVEL: 'silent' },
    cwd: home,
    overrides: {
      'server.port': 0,
      'server.bodyLimitBytes': LIMITS.bodyLimitBytes,
      'server.headersTimeoutMs': LIMITS.headersTimeoutMs,
      'server.requestTimeoutMs': LIMITS.requestTimeoutMs,
      ...settings,
    },
  });
  const app = await createApp(config, { cwd: home });
  const running = await startServer(app, config.server);
  await seed(app);
  // With authentication on, the hostile cases act as an administrator unless they mean to be someone else.
  const authOn = app.authEnabled;
  const credentials: Credentials = authOn
    ? await createUserWithKey(app, 'admin', ALLOW_ALL)
    : { accessKeyId: 'AKIASCONESADMIN00001', secretAccessKey: 'scones-admin-secret' };
  const restHeaders: Record<string, string> = authOn ? { authorization: bearer(credentials) } : {};
  return {
    url: running.url,
    app,
    running,
    home,
    credentials,
    restHeaders,
    send: (call) => send(running.url, call),
    rest: (call) => send(running.url, { ...call, headers: { ...restHeaders, ...call.headers } }),
    aws: async (service, call) => send(running.url, await signCall(running.url, service, call, credentials)),
    close: async () => {
      await running.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function seed(app: App): Promise<void> {
  await app.store.createBucket(VICTIM_BUCKET);
  await app.store.createBucket(OTHER_BUCKET);
  await app.store.putObject(VICTIM_BUCKET, SECRET_KEY, Buffer.from('keep me'), { contentType: 'text/plain' });
  await app.store.putObject(OTHER_BUCKET, 'private/data.json', Buffer.from('{"private":true}'), {
    contentType: 'application/json',
  });
}

export const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** A user with one inline policy and an access key. */
export async function createUserWithKey(app: App, name: string, policy: object): Promise<Credentials> {
  await app.iam.users.createUser(name);
  await app.iam.policies.attach({ type: 'user', name }, `${name}-policy`, policy);
  const key = await app.iam.users.createAccessKey(name);
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

/** `Authorization: Bearer <id>:<secret>` of the REST API. */
export function bearer(keys: Credentials): string {
  return `Bearer ${keys.accessKeyId}:${keys.secretAccessKey}`;
}
