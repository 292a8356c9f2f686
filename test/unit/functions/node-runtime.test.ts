// Node.js handlers: resolution, context, error shapes, warm starts, environment, /tmp and logs.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../../../src/modules/functions/host/sandbox.js';
import { createFunctionRuntime, type FunctionRuntime } from '../../../src/modules/functions/index.js';
import { fixtureVersion, MemoryLogSink, parse, removeTempDirs, tempDir } from './support.js';

let runtime: FunctionRuntime;
const sink = new MemoryLogSink();

beforeAll(async () => {
  runtime = createFunctionRuntime({
    workDir: await tempDir('fn-node'),
    logSink: sink,
    aws: {
      region: 'eu-west-1',
      endpointUrl: 'http://127.0.0.1:9',
      accessKeyId: 'AKIDSCONES',
      secretAccessKey: 'secret',
    },
  });
});
afterAll(async () => {
  await runtime.close();
  await removeTempDirs();
});

const node = (handler: string, overrides = {}) => fixtureVersion('nodejs', 'basic', handler, overrides);

describe('node handler resolution', () => {
  it('runs an async CommonJS handler with the Lambda context', async () => {
    const fn = node('index.handler', { memoryMb: 256 });
    const result = await runtime.invoke({ fn, payload: '{"a":1}', qualifier: 'live' });
    expect(result.status).toBe('success');
    const body = parse(result.payload);
    expect(body).toMatchObject({
      event: { a: 1 },
      awsRequestId: result.requestId,
      functionName: fn.config.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${fn.config.name}:live`,
      memoryLimitInMB: '256',
      logGroupName: `/aws/lambda/${fn.config.name}`,
      logStreamName: result.logStream,
    });
    expect(body.remaining).toBeGreaterThan(0);
    expect(result.initDurationMs).toBeGreaterThan(0);
  });

  it('keeps module state between warm invocations', async () => {
    const fn = node('index.handler');
    const first = await runtime.invoke({ fn });
    const second = await runtime.invoke({ fn });
    expect(parse(second.payload).invocations).toBe((parse(first.payload).invocations as number) + 1);
    expect(second.initDurationMs).toBeUndefined();
    expect(second.logStream).toBe(first.logStream);
  });

  it('supports callback style, waiting for the event loop by default', async () => {
    const result = await runtime.invoke({ fn: node('index.callback'), payload: '{"x":2}' });
    expect(parse(result.payload)).toEqual({ style: 'callback', event: { x: 2 } });
  });

  it('answers at once when callbackWaitsForEmptyEventLoop is false', async () => {
    const result = await runtime.invoke({ fn: node('index.callbackNoWait', { timeoutSeconds: 5 }) });
    expect(result.status).toBe('success');
    expect(JSON.parse(result.payload)).toBe('returned at once');
  });

  it('resolves nested exports, ES modules and sub-folders', async () => {
    const nested = await runtime.invoke({ fn: node('index.nested.deeper.handler') });
    expect(JSON.parse(nested.payload)).toBe('nested export');
    const esm = fixtureVersion('nodejs', 'esm', 'index.handler');
    expect(parse((await runtime.invoke({ fn: esm, payload: '[1]' })).payload)).toEqual({
      module: 'esm',
      calls: 1,
      event: [1],
    });
    const folder = fixtureVersion('nodejs', 'nested', 'src/app.handler');
    expect(JSON.parse((await runtime.invoke({ fn: folder, payload: '{"name":"bikes"}' })).payload)).toBe(
      'hello bikes',
    );
  });
});

describe('node error shapes', () => {
  it('reports a thrown Error by its name, message and trace', async () => {
    const result = await runtime.invoke({ fn: node('index.fail') });
    expect(result.functionError).toBe('Unhandled');
    const body = parse(result.payload);
    expect(body).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad thing' });
    expect((body.trace as string[])[0]).toBe('TypeError: bad thing');
  });

  it('uses error.name of custom errors and typeof for thrown non-errors', async () => {
    const custom = parse((await runtime.invoke({ fn: node('index.custom') })).payload);
    expect(custom).toMatchObject({
      errorType: 'ThresholdConfidenceNotMet',
      errorMessage: 'confidence too low',
    });
    const thrown = parse((await runtime.invoke({ fn: node('index.throwString') })).payload);
    expect(thrown).toEqual({ errorType: 'string', errorMessage: 'plain string', trace: [] });
    const viaCallback = await runtime.invoke({ fn: node('index.callbackError') });
    expect(viaCallback.error).toEqual({ errorType: 'RangeError', errorMessage: 'out of range' });
  });

  it('fails a result JSON cannot represent', async () => {
    const result = await runtime.invoke({ fn: node('index.circular') });
    expect(result.error).toEqual({
      errorType: 'Runtime.JSONStringifyError',
      errorMessage: 'Unable to stringify response body',
    });
  });

  it('reports missing handlers, missing modules and init failures as Lambda does', async () => {
    const missing = await runtime.invoke({ fn: node('index.nope') });
    expect(missing.error).toEqual({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.nope is undefined or not exported',
    });
    const noModule = await runtime.invoke({ fn: fixtureVersion('nodejs', 'basic', 'absent.handler') });
    expect(noModule.error?.errorType).toBe('Runtime.ImportModuleError');
    expect(noModule.error?.errorMessage).toMatch(/^Error: Cannot find module 'absent'/);
    const badImport = await runtime.invoke({ fn: fixtureVersion('nodejs', 'import-error', 'index.handler') });
    expect(badImport.error?.errorType).toBe('Runtime.ImportModuleError');
    expect(badImport.error?.errorMessage).toMatch(/Cannot find module 'not-a-real-package'/);
    const badInit = await runtime.invoke({ fn: fixtureVersion('nodejs', 'bad-init', 'index.handler') });
    expect(badInit.error).toEqual({ errorType: 'Error', errorMessage: 'init went wrong' });
  });

  it('reports a syntax error as Runtime.UserCodeSyntaxError', async () => {
    const dir = await tempDir('fn-syntax');
    await writeFile(path.join(dir, 'index.js'), 'exports.handler = async (event => {\n');
    const result = await runtime.invoke({ fn: fixtureVersion('nodejs', dir, 'index.handler') });
    expect(result.error?.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(result.error?.errorMessage).toMatch(/^SyntaxError: /);
  });
});

describe('node environment', () => {
  it('sets the Lambda variables, the function environment and the host AWS settings', async () => {
    const fn = node('index.env', { environment: { MODEL: 'bikes' }, memoryMb: 192 });
    const env = parse((await runtime.invoke({ fn })).payload);
    expect(env).toMatchObject({
      MODEL: 'bikes',
      AWS_LAMBDA_FUNCTION_NAME: fn.config.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '192',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.config.name}`,
      // Sandboxed, the code is where Lambda keeps it.
      LAMBDA_TASK_ROOT: '/var/task',
      _HANDLER: 'index.env',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'AKIDSCONES',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_EXECUTION_ENV: expect.stringMatching(/^AWS_Lambda_nodejs\d+\.x$/),
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(env.SCONES_LOG_BARRIER).toBeUndefined();
    const tmp =
      (await probeSandbox()).mode === 'mount-namespace' ? '/tmp' : expect.stringContaining('/scratch/');
    expect(env.tmpdir).toEqual(tmp);
  });

  it('gives each guest a writable /tmp of its own that survives warm starts', async () => {
    // Without mount namespaces /tmp is shared and only os.tmpdir() is private (see host/sandbox.ts).
    if ((await probeSandbox()).mode !== 'mount-namespace') return;
    const fn = node('index.tmp');
    const first = parse((await runtime.invoke({ fn, payload: '{"data":"one"}' })).payload);
    const second = parse((await runtime.invoke({ fn, payload: '{"data":"two"}' })).payload);
    expect(first).toEqual({ before: null, after: 'one' });
    expect(second).toEqual({ before: 'one', after: 'two' });
    const other = parse(
      (await runtime.invoke({ fn: node('index.tmp', { name: 'node-tmp-other' }), payload: '{"data":"x"}' }))
        .payload,
    );
    expect(other.before).toBeNull();
  });
});

describe('node logs', () => {
  it('captures output between START, END and REPORT, tagged with the request id', async () => {
    const result = await runtime.invoke({ fn: node('index.log'), payload: '{"n":7}' });
    const lines = sink.messages(result.requestId);
    const start = lines.indexOf(`START RequestId: ${result.requestId} Version: $LATEST`);
    const end = lines.indexOf(`END RequestId: ${result.requestId}`);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const between = lines.slice(start + 1, end);
    expect(between[0]).toMatch(
      new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${result.requestId}\\tINFO\\thello 7$`),
    );
    expect(between.slice(1)).toEqual(['to stderr', 'no newline']);
    const report = lines[end + 1] ?? '';
    expect(report).toMatch(
      new RegExp(
        `^REPORT RequestId: ${result.requestId}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`,
      ),
    );
    expect(result.logTail).toContain('hello 7');
    expect(result.logTail.trimEnd().split('\n').at(-1)).toBe(report);
  });
});

describe('handler folders', () => {
  it('reads a single-file function from its folder', async () => {
    const dir = await tempDir('fn-single');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'main.mjs'), 'export const run = async (e) => ({ doubled: e.n * 2 });\n');
    const fn = fixtureVersion('nodejs', path.join(dir, 'main.mjs'), 'main.run');
    expect(parse((await runtime.invoke({ fn, payload: '{"n":21}' })).payload)).toEqual({ doubled: 42 });
  });
});
