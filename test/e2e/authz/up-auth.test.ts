// `scones up` with auth on, as a user runs it: the admin key is created once (its secret printed once, saved 0600),
// and the whole pipeline runs under least-privilege roles (functions signed with their roles' temporary
// credentials, state machines authorized as their roles, monitoring signed as its role).
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runScones, startScones } from '../../support/cli.js';
import { makeSmallImageFolder } from '../../support/small-dataset.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-up-auth-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

it('runs the pipeline with auth on, creating the admin key once', async () => {
  const home = path.join(cwd, 'home');
  const source = await makeSmallImageFolder(cwd, 40);
  const env = { SCONES_HOME: home, SCONES_AUTH: 'on' };
  const first = await runScones(
    ['up', '--once', '--port', '0', '--json', '--source', source, '--epochs', '1'],
    {
      cwd,
      env,
    },
  );
  expect(first.code, first.stderr.toString()).toBe(0);
  const summary = JSON.parse(first.stdout.toString());
  expect(summary.workflow).toMatchObject({ status: 'SUCCEEDED', images: 20, failed: 0 });
  expect(summary.monitoring).toMatchObject({ baselined: true, records: 20 });
  expect(summary.access).toMatchObject({
    user: 'scones-admin',
    functionRoles: {
      'scones-serializeImageData': 'arn:aws:iam::000000000000:role/scones-serializeImageData',
      'scones-classifyImage': 'arn:aws:iam::000000000000:role/scones-classifyImage',
      'scones-filterLowConfidence': 'arn:aws:iam::000000000000:role/scones-filterLowConfidence',
    },
  });
  const secret = summary.access.secretAccessKey as string;
  expect(secret.length).toBeGreaterThan(20);
  const file = path.join(home, 'credentials');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(await readFile(file, 'utf8')).toContain(`aws_secret_access_key = ${secret}`);

  const again = await runScones(['up', '--once', '--port', '0'], { cwd, env });
  expect(again.code, again.stderr.toString()).toBe(0);
  const printed = again.stdout.toString();
  expect(printed).toContain(summary.access.accessKeyId);
  expect(printed).toContain('0 failed');
  expect(printed).not.toContain(secret);
}, 300_000);

it('`scones serve --auth on` says so and refuses anonymous API calls; /healthz stays open', async () => {
  const { child, match, exited } = await startScones(['serve', '--port', '0', '--auth', 'on'], {
    cwd,
    env: { SCONES_HOME: path.join(cwd, 'serve-home') },
    ready: /(http:\/\/\S+) \((auth \w+)/,
  });
  expect(match[2]).toBe('auth on');
  const url = match[1] as string;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  expect((await fetch(`${url}/api/v1/buckets`)).status).toBe(401);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
