// `scones serve --auth on` over a fresh home, with IAM users made through the CLI (one policy each) and their keys,
// and an S3 client per user: what the S3 end-to-end suites share.
import type { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { startScones } from './cli.js';
import { runSconesInProcess } from './cli-in-process.js';
import { s3ClientOf } from './s3-client.js';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface AuthServe<User extends string> {
  readonly url: string;
  readonly keys: Record<User, AccessKey>;
  readonly s3: Record<User, S3Client>;
  /** Destroys the clients and stops the server; resolves to its exit code. */
  stop(): Promise<number | null>;
}

/** `policies`: user name -> the policy document attached to them. */
export async function startAuthServe<User extends string>(
  cwd: string,
  env: Readonly<Record<string, string>>,
  policies: Record<User, string>,
): Promise<AuthServe<User>> {
  const users = Object.keys(policies) as User[];
  const keys = {} as Record<User, AccessKey>;
  for (const user of users) keys[user] = await createUser(cwd, env, user, policies[user]);
  const { child, match, exited } = await startScones(['serve', '--port', '0', '--auth', 'on'], {
    cwd,
    env,
    ready: /(http:\/\/\S+) \((auth \w+)/,
  });
  const url = match[1] as string;
  const s3 = {} as Record<User, S3Client>;
  for (const user of users) s3[user] = s3ClientOf(url, keys[user]);
  return {
    url,
    keys,
    s3,
    stop: () => {
      for (const client of Object.values<S3Client>(s3)) client.destroy();
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function createUser(
  cwd: string,
  env: Readonly<Record<string, string>>,
  user: string,
  document: string,
): Promise<AccessKey> {
  for (const args of [
    ['iam', 'users', 'create', user],
    ['iam', 'policies', 'attach', '--user', user, '--name', 'p', '--document', document],
  ]) {
    const done = await runSconesInProcess(args, { cwd, env });
    expect(done.code, done.stderr).toBe(0);
  }
  const created = await runSconesInProcess(['iam', 'keys', 'create', '--user', user, '--json'], {
    cwd,
    env,
  });
  expect(created.code, created.stderr).toBe(0);
  return JSON.parse(created.stdout.toString()) as AccessKey;
}

/** The S3 error name and status of a failed command (or 'ok'). */
export async function s3Outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
}
