// boto3's CloudWatch Logs client against a real Scones server with auth on: a function's lines as
// /aws/lambda/<name>, paged as AWS pages them, filtered, and the service's errors.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AuthServer, runPython, startAuthServer } from '../authz/support.js';

let server: AuthServer;
const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/logs/boto3_logs.py');

beforeAll(async () => {
  server = await startAuthServer();
  await server.app.iam.roles.createRole('logs-role');
}, 120_000);
afterAll(() => server?.close());

it('serves a function’s log lines through boto3’s logs client, with paging, filters and errors', async () => {
  const { admin, reader } = server;
  const keys = [admin.accessKeyId, admin.secretAccessKey, reader.accessKeyId, reader.secretAccessKey];
  const result = await runPython(SCRIPT, [server.server.url, ...keys]);
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report).toMatchObject({
    groups: [['/aws/lambda/talker', 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/talker:*']],
    streams: 1,
    streamHasTimes: true,
    forward: [
      'line 0 of first',
      'line 1 of first',
      'line 2 of first',
      'line 0 of second',
      'line 1 of second',
    ],
    startLines: 2,
    // The second invocation's END and REPORT close the stream: the last three lines.
    tail: ['line', 'END', 'REPORT'],
    filtered: ['line 0 of second', 'line 1 of second'],
    excluded: ['line 0 of second', 'line 1 of second'],
    errors: {
      noGroup: ['ResourceNotFoundException', 400],
      noTrainingYet: ['ResourceNotFoundException', 400],
      noStream: ['ResourceNotFoundException', 400],
      badToken: ['InvalidParameterException', 400],
      orderWithPrefix: ['InvalidParameterException', 400],
      jsonPattern: ['InvalidParameterException', 400],
      denied: ['AccessDeniedException', 403],
    },
  });
  expect(report.backward).toHaveLength(3);
  expect(report.backward.at(-1)).toMatch(/^START RequestId|^line/);
  expect(report.forwardPages).toBeGreaterThan(3);
  expect(report.paginator).toBeGreaterThanOrEqual(11);
}, 180_000);
