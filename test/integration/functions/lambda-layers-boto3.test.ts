// Lambda layers through boto3 (the machine's python3) against a real listening Scones server.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPython } from '../../support/python.js';
import { type FunctionsServer, PLATFORM_FIXTURES, serveFunctions } from './support.js';

let t: FunctionsServer;

beforeAll(async () => {
  t = await serveFunctions({ objects: true });
});
afterAll(() => t.close());

it('serves boto3: publish inline and from S3, list, attach, invoke, permissions, unknown ARN, delete', async () => {
  const result = await runPython(path.join(PLATFORM_FIXTURES, 'boto3_layers.py'), [t.server.url], {
    HOME: t.home.home,
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
