// boto3's Lambda client (the machine's python3) against a real listening Scones server.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { runPython } from '../../support/python.js';
import {
  openHome,
  PLATFORM_FIXTURES,
  removeTempDirs,
  startServer,
  type TestHome,
  type TestServer,
} from './support.js';

let home: TestHome;
let server: TestServer;

beforeAll(async () => {
  home = await openHome(undefined, { asyncPollMs: 50 });
  const store = new ObjectStore(await openFsBlobStore(path.join(home.home, 'objects'), systemClock));
  server = await startServer(store, home.service);
  home.service.start();
});
afterAll(async () => {
  await server.close();
  await home.close();
  await removeTempDirs();
});

it('serves boto3: create from a zip, invoke with Tail, function errors, Event, list, get, errors, delete', async () => {
  const result = await runPython(path.join(PLATFORM_FIXTURES, 'boto3_lambda.py'), [server.url], {
    HOME: home.home,
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
