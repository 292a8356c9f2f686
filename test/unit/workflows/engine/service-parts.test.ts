// Small parts of the workflow service: ARNs and names, page tokens, ownership of executions, the function
// invoker seam and the HTTP Task.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assertName, parseExecutionArn, parseMachineRef } from '../../../../src/modules/workflows/arns.js';
import { isOrphaned, newOwner, ownerClosed } from '../../../../src/modules/workflows/engine/durable/owner.js';
import { invokeThrough } from '../../../../src/modules/workflows/engine/tasks/function-invoker.js';
import { invokeHttp } from '../../../../src/modules/workflows/engine/tasks/http-task.js';
import { TaskFailure, workflowError } from '../../../../src/modules/workflows/index.js';
import { decodeToken, encodeToken, pageSize } from '../../../../src/modules/workflows/paging.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };
const signal = new AbortController().signal;

describe('ARNs and names', () => {
  it('tells machines, versions and aliases apart', () => {
    const base = 'arn:aws:states:us-east-1:000000000000:stateMachine:m';
    expect(parseMachineRef(scope, base)).toEqual({ kind: 'machine', name: 'm', machineArn: base });
    expect(parseMachineRef(scope, `${base}:3`)).toMatchObject({
      kind: 'version',
      version: 3,
      machineArn: base,
    });
    expect(parseMachineRef(scope, `${base}:live`)).toMatchObject({
      kind: 'alias',
      alias: 'live',
      machineArn: base,
    });
    expect(parseMachineRef(scope, 'm')).toEqual({ kind: 'machine', name: 'm', machineArn: base });
    expect(() => parseMachineRef(scope, 'arn:aws:states:us-east-1:1:stateMachine:m')).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_INVALID_ARN' }),
    );
    expect(parseExecutionArn('arn:aws:states:us-east-1:000000000000:execution:m:e')).toEqual({
      machine: 'm',
      name: 'e',
    });
  });

  it('refuses names AWS refuses', () => {
    for (const bad of ['', 'a b', 'a:b', 'x'.repeat(81), 'tab\there', 'a/b', 'a*']) {
      expect(() => assertName(bad, 'execution')).toThrow(
        expect.objectContaining({ code: 'WORKFLOW_INVALID_NAME' }),
      );
    }
    expect(() => assertName('run-1_ok.2', 'execution')).not.toThrow();
  });
});

describe('page tokens', () => {
  it('round-trips positions and refuses forged tokens', () => {
    const token = encodeToken({ d: 5, a: 'x' });
    expect(decodeToken(token, (v): v is { d: number; a: string } => typeof v === 'object')).toEqual({
      d: 5,
      a: 'x',
    });
    expect(() => decodeToken('!!', (v): v is number => typeof v === 'number')).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_INVALID_PAGE_TOKEN' }),
    );
    expect(pageSize(undefined, 100)).toBe(100);
    expect(pageSize(0, 100)).toBe(100);
    expect(() => pageSize(1001, 100)).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_INVALID_PARAMETER' }),
    );
  });
});

describe('ownership', () => {
  it('takes over executions of closed engines and dead processes, never of live ones', () => {
    const me = newOwner();
    const other = newOwner();
    const now = 1_000_000;
    const row = (owner: string | null, pid: number | null, host: string, lease: number) => ({
      owner,
      owner_pid: pid,
      owner_host: host,
      lease_until: lease,
    });
    expect(isOrphaned(row(null, null, me.host, 0), me, now)).toBe(true);
    expect(isOrphaned(row(me.id, me.pid, me.host, 0), me, now)).toBe(false);
    expect(isOrphaned(row(other.id, other.pid, other.host, now + 1), me, now)).toBe(false);
    expect(isOrphaned(row(other.id, other.pid, other.host, now - 1), me, now)).toBe(false);
    ownerClosed(other);
    expect(isOrphaned(row(other.id, other.pid, other.host, now + 1), me, now)).toBe(true);
    expect(isOrphaned(row('gone', 2 ** 22 + 7, me.host, now + 1), me, now)).toBe(true);
    expect(isOrphaned(row('far', 1, 'another-host', now + 1), me, now)).toBe(false);
    expect(isOrphaned(row('far', 1, 'another-host', now - 1), me, now)).toBe(true);
    ownerClosed(me);
  });
});

describe('function invoker seam', () => {
  it('turns results, handler errors and service errors into Lambda task results', async () => {
    const request = { functionName: 'f', payload: { a: 1 }, signal };
    const ok = await invokeThrough(
      { invoke: async (i) => ({ payload: i.payload, executedVersion: '3' }) },
      request,
    );
    expect(ok).toEqual({ ok: true, payload: { a: 1 }, executedVersion: '3' });
    const failed = await invokeThrough(
      {
        invoke: async () => ({
          payload: '{"errorType":"TypeError","errorMessage":"bad"}',
          functionError: 'Unhandled',
          executedVersion: '$LATEST',
        }),
      },
      request,
    );
    expect(failed).toEqual({ ok: false, error: { errorType: 'TypeError', errorMessage: 'bad' } });
    const throttled = await invokeThrough(
      {
        invoke: async () => {
          throw workflowError('FUNCTION_THROTTLED', 'Rate exceeded');
        },
      },
      request,
    );
    expect(throttled).toMatchObject({ ok: false, error: { errorType: 'Lambda.TooManyRequestsException' } });
    const none = await invokeThrough(undefined, request);
    expect(none).toMatchObject({ ok: false, error: { errorType: 'States.TaskFailed' } });
  });
});

describe('HTTP Task', () => {
  it('calls the endpoint and fails non-2xx answers with States.Http.StatusCode.<code>', async () => {
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (c: Buffer) => {
        body += c.toString();
      });
      request.on('end', () => {
        const status = request.url?.includes('missing') ? 404 : 200;
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ method: request.method, url: request.url, body: body ? JSON.parse(body) : null }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const result = await invokeHttp(
        { ApiEndpoint: `${base}/items`, Method: 'POST', QueryParameters: { q: 'x' }, RequestBody: { n: 1 } },
        signal,
      );
      expect(result).toMatchObject({
        StatusCode: 200,
        ResponseBody: { method: 'POST', url: '/items?q=x', body: { n: 1 } },
        Headers: { 'content-type': ['application/json'] },
      });
      await expect(
        invokeHttp({ ApiEndpoint: `${base}/missing`, Method: 'GET' }, signal),
      ).rejects.toMatchObject({
        error: 'States.Http.StatusCode.404',
      });
      await expect(invokeHttp({ Method: 'GET' }, signal)).rejects.toBeInstanceOf(TaskFailure);
    } finally {
      server.close();
    }
  });
});
