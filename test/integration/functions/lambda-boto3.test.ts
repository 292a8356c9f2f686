// boto3's Lambda client (the machine's python3) against a real listening Scones server.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPython } from '../../support/python.js';
import { type FunctionsServer, PLATFORM_FIXTURES, serveFunctions } from './support.js';

let t: FunctionsServer;

beforeAll(async () => {
  t = await serveFunctions({ service: { asyncPollMs: 50 }, start: true });
});
afterAll(() => t.close());

it('serves boto3: create from a zip, invoke with Tail, function errors, Event, list, get, errors, delete', async () => {
  const result = await runPython(path.join(PLATFORM_FIXTURES, 'boto3_lambda.py'), [t.server.url], {
    HOME: t.home.home,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    created: { name: 'boto-fn', runtime: 'python3.12', state: 'Active' },
    invoke: {
      status: 200,
      payload: { echo: { word: 'hi' }, version: '$LATEST' },
      executedVersion: '$LATEST',
      logHasLine: true,
    },
    error: {
      status: 200,
      functionError: 'Unhandled',
      payload: expect.objectContaining({ errorType: 'ValueError', errorMessage: 'nope' }),
    },
    eventStatus: 202,
    listed: ['boto-fn'],
    getHandler: 'app.handler',
    missing: ['ResourceNotFoundException', 404],
    badRuntime: ['InvalidParameterValueException', 400],
    afterDelete: ['ResourceNotFoundException', 404],
  });
});
