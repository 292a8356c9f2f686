// Python handlers: resolution, context, AWS's error and serialisation shapes, warm starts, environment, /tmp, logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../../../src/modules/functions/host/sandbox.js';
import { createFunctionRuntime, type FunctionRuntime } from '../../../src/modules/functions/index.js';
import { fixtureVersion, MemoryLogSink, parse, removeTempDirs, tempDir } from './support.js';

let runtime: FunctionRuntime;
const sink = new MemoryLogSink();

beforeAll(async () => {
  runtime = createFunctionRuntime({
    workDir: await tempDir('fn-python'),
    logSink: sink,
    aws: {
      region: 'eu-west-1',
      endpointUrl: 'http://127.0.0.1:9',
      accessKeyId: 'AKIDSCONES',
      secretAccessKey: 's',
    },
  });
});
afterAll(async () => {
  await runtime.close();
  await removeTempDirs();
});

const py = (handler: string, overrides = {}) =>
  fixtureVersion('python', 'basic', `lambda_function.${handler}`, overrides);

describe('python handler resolution', () => {
  it('runs module.function with the Lambda context and keeps module state warm', async () => {
    const fn = py('lambda_handler', { memoryMb: 512 });
    const first = await runtime.invoke({ fn, payload: '{"k":"v"}' });
    expect(first.status).toBe('success');
    expect(parse(first.payload)).toMatchObject({
      event: { k: 'v' },
      invocations: 1,
      aws_request_id: first.requestId,
      function_name: fn.config.name,
      function_version: '$LATEST',
      invoked_function_arn: `arn:aws:lambda:eu-west-1:000000000000:function:${fn.config.name}`,
      memory_limit_in_mb: '512',
      log_group_name: `/aws/lambda/${fn.config.name}`,
      log_stream_name: first.logStream,
    });
    expect(parse(first.payload).remaining).toBeGreaterThan(0);
    expect(first.initDurationMs).toBeGreaterThan(0);
    const second = await runtime.invoke({ fn });
    expect(parse(second.payload).invocations).toBe(2);
    expect(second.initDurationMs).toBeUndefined();
  });

  it('imports a module named lambda (a keyword) and modules in sub-folders', async () => {
    const keyword = await runtime.invoke({ fn: fixtureVersion('python', 'keyword', 'lambda.handler') });
    expect(JSON.parse(keyword.payload)).toBe('from lambda.py');
    const nested = await runtime.invoke({
      fn: fixtureVersion('python', 'nested', 'src/app.handler'),
      payload: '{"name":"bikes"}',
    });
    expect(JSON.parse(nested.payload)).toBe('hello bikes');
  });
});

describe('python error shapes', () => {
  it('reports a raised exception by its class name', async () => {
    const result = await runtime.invoke({ fn: py('raise_exception') });
    expect(result.functionError).toBe('Unhandled');
    const body = parse(result.payload);
    expect(body).toMatchObject({
      errorType: 'Exception',
      errorMessage: 'THRESHOLD_CONFIDENCE_NOT_MET',
      requestId: result.requestId,
    });
    const trace = body.stackTrace as string[];
    expect(trace).toHaveLength(1);
    expect(trace[0]).toMatch(/lambda_function\.py", line \d+, in raise_exception\n {4}raise Exception/);
  });

  it('turns raise("...") into TypeError, as on AWS', async () => {
    const result = await runtime.invoke({ fn: py('raise_string') });
    expect(result.error).toEqual({
      errorType: 'TypeError',
      errorMessage: 'exceptions must derive from BaseException',
    });
  });

  it('keeps str() of the exception as the message', async () => {
    const result = await runtime.invoke({ fn: py('raise_key_error') });
    expect(result.error).toEqual({ errorType: 'KeyError', errorMessage: "'missing'" });
  });

  it('serialises bytes as UTF-8 strings, like the AWS runtime', async () => {
    const result = await runtime.invoke({ fn: py('return_bytes') });
    expect(parse(result.payload)).toEqual({ statusCode: 200, body: { image_data: 'iVBORyBmYWtl' } });
  });

  it('fails unserialisable results with Runtime.MarshalError', async () => {
    const set = await runtime.invoke({ fn: py('return_set') });
    expect(parse(set.payload)).toEqual({
      errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
      errorType: 'Runtime.MarshalError',
      requestId: set.requestId,
      stackTrace: [],
    });
    const when = await runtime.invoke({ fn: py('return_datetime') });
    expect(when.error?.errorMessage).toBe(
      'Unable to marshal response: Object of type datetime is not JSON serializable',
    );
    const object = await runtime.invoke({ fn: py('return_object') });
    expect(object.error?.errorMessage).toBe(
      'Unable to marshal response: Object of type object is not JSON serializable',
    );
  });

  it('reports import, syntax, handler-name and init errors with Lambda messages', async () => {
    const importError = await runtime.invoke({
      fn: fixtureVersion('python', 'import_error', 'lambda_function.lambda_handler'),
    });
    expect(importError.error).toEqual({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'lambda_function': No module named 'x'",
    });
    const syntax = await runtime.invoke({
      fn: fixtureVersion('python', 'syntax_error', 'lambda_function.lambda_handler'),
    });
    expect(syntax.error?.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(syntax.error?.errorMessage).toMatch(/^Syntax error in module 'lambda_function': /);
    const missing = await runtime.invoke({ fn: py('nope') });
    expect(missing.error).toEqual({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: "Handler 'nope' missing on module 'lambda_function'",
    });
    const absent = await runtime.invoke({ fn: fixtureVersion('python', 'basic', 'absent.handler') });
    expect(absent.error?.errorMessage).toBe("Unable to import module 'absent': No module named 'absent'");
    const badInit = await runtime.invoke({
      fn: fixtureVersion('python', 'bad_init', 'lambda_function.lambda_handler'),
    });
    expect(badInit.error).toEqual({ errorType: 'ValueError', errorMessage: 'init went wrong' });
  });
});

describe('python environment', () => {
  it('sets the Lambda variables, the function environment and the host AWS settings', async () => {
    const fn = py('environment', { environment: { MODEL: 'bikes' } });
    const env = parse((await runtime.invoke({ fn })).payload);
    expect(env).toMatchObject({
      MODEL: 'bikes',
      AWS_LAMBDA_FUNCTION_NAME: fn.config.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_REGION: 'eu-west-1',
      // Sandboxed, the code is where Lambda keeps it.
      LAMBDA_TASK_ROOT: '/var/task',
      _HANDLER: 'lambda_function.environment',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'AKIDSCONES',
      AWS_EXECUTION_ENV: expect.stringMatching(/^AWS_Lambda_python3\.\d+$/),
    });
    expect(env.SCONES_LOG_BARRIER).toBeUndefined();
    expect(env.SCONES_LAYER_PATHS).toBeUndefined();
  });

  it('lets code write /tmp/image.png, private to each guest', async () => {
    // Without mount namespaces /tmp is shared and only tempfile.gettempdir() is private (see host/sandbox.ts).
    if ((await probeSandbox()).mode !== 'mount-namespace') return;
    const fn = py('write_tmp');
    expect(parse((await runtime.invoke({ fn, payload: '{"data":"one"}' })).payload)).toEqual({
      before: null,
      after: 'one',
    });
    expect(parse((await runtime.invoke({ fn, payload: '{"data":"two"}' })).payload)).toEqual({
      before: 'one',
      after: 'two',
    });
    const other = py('write_tmp', { name: 'python-tmp-other' });
    expect(parse((await runtime.invoke({ fn: other, payload: '{"data":"x"}' })).payload).before).toBeNull();
  });

  it('cannot import sagemaker without a compatibility layer', async () => {
    const result = await runtime.invoke({
      fn: fixtureVersion('python', 'boto', 'lambda_function.import_sagemaker'),
    });
    expect(result.error).toEqual({
      errorType: 'ModuleNotFoundError',
      errorMessage: "No module named 'sagemaker'",
    });
  });
});

describe('python logs', () => {
  it('captures print, stderr and logging between START and END', async () => {
    const result = await runtime.invoke({ fn: py('log'), payload: '{"n":3}' });
    const lines = sink.messages(result.requestId);
    const start = lines.indexOf(`START RequestId: ${result.requestId} Version: $LATEST`);
    const end = lines.indexOf(`END RequestId: ${result.requestId}`);
    expect(lines.slice(start + 1, end)).toEqual([
      'hello 3',
      'to stderr',
      expect.stringMatching(
        new RegExp(`^\\[WARNING\\]\\t\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${result.requestId}\\ta warning$`),
      ),
    ]);
    expect(lines[end + 1]).toMatch(/^REPORT RequestId: .*\tInit Duration: \d+\.\d{2} ms$/);
  });

  it('logs a handler error as the AWS runtime does', async () => {
    const result = await runtime.invoke({ fn: py('raise_exception') });
    const lines = sink.messages(result.requestId);
    expect(lines).toContain('[ERROR] Exception: THRESHOLD_CONFIDENCE_NOT_MET');
  });
});
