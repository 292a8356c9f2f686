// `scones functions` as a user runs it (commands in-process; `serve` and `logs --follow` as real processes): deploy,
// invoke, logs by request id, versions and aliases, failures, queued invocations run by `scones serve`, the Lambda API
// on it, delete.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveScones, startScones } from '../../support/cli.js';
import { runSconesInProcess } from '../../support/cli-in-process.js';
import { PNG_FOLDER } from '../../support/shared-data.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/functions/platform');
const IMAGE = path.join(PNG_FOLDER, 'test', 'bike_s_000041.png');
let cwd: string;
const env = () => ({ SCONES_HOME: path.join(cwd, 'home') });
const scones = (args: string[]) => runSconesInProcess(args, { cwd, env: env() });
const stdoutJson = (result: { stdout: Buffer }) => JSON.parse(result.stdout.toString());

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-fn-cli-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('scones functions', () => {
  it('deploys a folder and invokes it, printing the result payload', async () => {
    const deployed = await scones([
      ...['functions', 'deploy', 'echo', '--runtime', 'nodejs', '--handler', 'index.handler'],
      ...['--code', path.join(FIXTURES, 'echo-v1'), '--env', 'GREETING=hello', '--timeout', '5', '--json'],
    ]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(stdoutJson(deployed)).toMatchObject({
      name: 'echo',
      latestVersion: 1,
      environment: { GREETING: 'hello' },
    });
    await writeFile(path.join(cwd, 'event.json'), '{"n":1}');
    const invoked = await scones(['functions', 'invoke', 'echo', '--payload', '@event.json']);
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(stdoutJson(invoked)).toMatchObject({ revision: 1, event: { n: 1 }, greeting: 'hello' });
  });

  it('shows the log of one invocation by request id', async () => {
    const invoked = await scones(['functions', 'invoke', 'echo', '--payload', '{"find":"me"}', '--json']);
    const { requestId } = stdoutJson(invoked);
    await scones(['functions', 'invoke', 'echo', '--payload', '{"other":true}']);
    const logs = await scones(['functions', 'logs', 'echo', '--request-id', requestId, '--since', '10m']);
    expect(logs.code, logs.stderr).toBe(0);
    const lines = logs.stdout.toString().trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`START RequestId: ${requestId} Version: \\$LATEST$`));
    expect(lines.some((line) => line.includes('echo v1 got {"find":"me"}'))).toBe(true);
    expect(lines.at(-1)).toMatch(new RegExp(`REPORT RequestId: ${requestId}\\s+Duration`));
    expect(lines.some((line) => line.includes('"other"'))).toBe(false);
    const asJson = await scones(['functions', 'logs', 'echo', '--request-id', requestId, '--json']);
    const events = asJson.stdout
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.every((e) => e.requestId === requestId && e.functionName === 'echo')).toBe(true);
  });

  it('exits 1 with the error payload when the function fails', async () => {
    const failed = await scones(['functions', 'invoke', 'echo', '--payload', '{"fail":"on purpose"}']);
    expect(failed.code).toBe(1);
    expect(stdoutJson(failed)).toMatchObject({
      errorType: 'EchoFailed',
      errorMessage: 'asked to fail: on purpose',
    });
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain('FUNCTIONS_INVOCATION_FAILED');
    const missing = await scones(['functions', 'invoke', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('FUNCTIONS_FUNCTION_NOT_FOUND');
  });

  it('deploys a new version, keeps the old one runnable and points an alias at it', async () => {
    const second = await scones(['functions', 'deploy', 'echo', '--code', path.join(FIXTURES, 'echo-v2')]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.toString()).toMatch(/deployed echo version 2/);
    expect(stdoutJson(await scones(['functions', 'invoke', 'echo', '--qualifier', '1']))).toMatchObject({
      revision: 1,
    });
    expect((await scones(['functions', 'alias', 'set', 'echo', 'stable', '1'])).code).toBe(0);
    expect(stdoutJson(await scones(['functions', 'invoke', 'echo', '--qualifier', 'stable']))).toMatchObject({
      revision: 1,
      version: '1',
    });
    const listed = stdoutJson(await scones(['functions', 'list', '--json']));
    expect(listed.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining([
        'echo',
        'scones-serializeImageData',
        'scones-classifyImage',
        'scones-filterLowConfidence',
      ]),
    );
  });

  it('queues an event from the CLI that `scones serve` runs, and serves the Lambda API and the built-ins', async () => {
    expect((await scones(['store', 'mb', 's3://pics'])).code).toBe(0);
    expect((await scones(['store', 'cp', IMAGE, 's3://pics/bike.png'])).code).toBe(0);
    const queued = await scones(['functions', 'invoke', 'echo', '--async', '--payload', '{"queued":1}']);
    expect(queued.code, queued.stderr).toBe(0);
    const requestId = queued.stdout.toString().trim();
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const { child, url, exited } = await serveScones({ cwd, env: env() });
    try {
      let record: { status: string; payload?: unknown } = { status: 'queued' };
      for (
        let tries = 0;
        tries < 100 && (record.status === 'queued' || record.status === 'running');
        tries++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        record = (await (
          await fetch(`${url}/api/v1/functions/echo/invocations/${requestId}`)
        ).json()) as typeof record;
      }
      expect(record).toMatchObject({ status: 'succeeded', payload: { revision: 2, event: { queued: 1 } } });
      const lambda = new LambdaClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
      });
      const invoked = await lambda.send(
        new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"sdk":1}') }),
      );
      expect(JSON.parse(Buffer.from(invoked.Payload ?? []).toString())).toMatchObject({
        revision: 2,
        event: { sdk: 1 },
      });
      lambda.destroy();
      // The built-in scones-serializeImageData runs in the server and reads through the server's own S3 API.
      const serialized = await fetch(`${url}/api/v1/functions/scones-serializeImageData/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ s3_bucket: 'pics', s3_key: 'bike.png' }),
      });
      const result = (await serialized.json()) as {
        status: string;
        payload: { body: { image_data: string } };
      };
      expect(result.status).toBe('success');
      expect(Buffer.from(result.payload.body.image_data, 'base64').equals(await readFile(IMAGE))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('follows the log until interrupted', async () => {
    const following = startScones(['functions', 'logs', 'echo', '--follow'], {
      cwd,
      env: env(),
      ready: /echo v2 got \{"follow":1\}/,
    });
    await scones(['functions', 'invoke', 'echo', '--payload', '{"follow":1}']);
    const { child, exited } = await following;
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('deletes the function', async () => {
    const deleted = await scones(['functions', 'delete', 'echo']);
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await scones(['functions', 'show', 'echo']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('FUNCTIONS_FUNCTION_NOT_FOUND');
  });
});
