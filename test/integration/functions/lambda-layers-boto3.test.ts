// Lambda layers through boto3 (the machine's python3) against a real listening Scones server.
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
  tempDir,
} from './support.js';

let home: TestHome;
let server: TestServer;

beforeAll(async () => {
  const dir = await tempDir('layers-boto3');
  const store = new ObjectStore(await openFsBlobStore(path.join(dir, 'objects'), systemClock));
  home = await openHome(dir, { objects: store });
  server = await startServer(store, home.service);
});
afterAll(async () => {
  await server.close();
  await home.close();
  await removeTempDirs();
});

it('serves boto3: publish inline and from S3, list, attach, invoke, permissions, unknown ARN, delete', async () => {
  const result = await runPython(path.join(PLATFORM_FIXTURES, 'boto3_layers.py'), [server.url], {
    HOME: home.home,
  });
  expect(result.code, result.stderr).toBe(0);
  const arn = 'arn:aws:lambda:us-east-1:000000000000:layer:helpers';
  expect(JSON.parse(result.stdout)).toEqual({
    published: [1, 2, `${arn}:2`, 'from s3'],
    get: true,
    byArn: 2,
    layers: [['helpers', 2]],
    versions: [2, 1],
    invokeV1: { double: 42 },
    configLayers: [`${arn}:2`],
    invokeV2: { double: 420 },
    unknown: ['InvalidParameterValueException', 400],
    statement: { AWS: 'arn:aws:iam::111122223333:root' },
    policy: ['one-account'],
    removedAgain: ['ResourceNotFoundException', 404],
    deleted: ['ResourceNotFoundException', 404],
    attachDeleted: ['InvalidParameterValueException', 400],
  });
});
