// Data capture under attack, with `server.auth: 'on'`: mallory (endpoints mal-* only, no S3, no iam:PassRole)
// captures into someone else's bucket, passes a role she may not, smuggles unknown capture settings; dora (only
// sagemaker:DescribeEndpoint) reads captured images and predictions through the captures route.
import sharp from 'sharp';
import { expect } from 'vitest';
import { trustPolicyForServices } from '../../../src/modules/iam/index.js';
import { registerNanModel } from '../../support/onnx-nan-model.js';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import {
  bearer,
  createUserWithKey,
  type HostileServer,
  OTHER_BUCKET,
  SECRET_KEY,
  VICTIM_BUCKET,
} from '../support/hostile-server.js';
import { type HttpCall, send } from '../support/http-client.js';
import type { Credentials } from '../support/sign.js';
import { DENIED, sigv4As } from './auth-actors.js';

const CAPTURE_ROLE = 'arn:aws:iam::000000000000:role/admin-capture';
/** Mallory's endpoint, deployed by her (through the REST API) with capture into the victim bucket. */
const STEALING_ENDPOINT = 'mal-steal';
/** The administrator's endpoint, capturing into other-bucket/capture as the admin-capture role. */
const ADMIN_ENDPOINT = 'admin-cap';

const who: { mallory: Credentials; dora: Credentials } = {
  mallory: undefined as unknown as Credentials,
  dora: undefined as unknown as Credentials,
};
let png: Buffer;

const restAs = (keys: () => Credentials, call: HttpCall) => (s: HostileServer) =>
  send(s.url, { ...call, headers: { ...call.headers, authorization: bearer(keys()) } });
const json = (method: string, path: string, body: unknown): HttpCall => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const deployBody = (capture: object, extra: object = {}) => ({ model: '1', capture, ...extra });

/** Invokes as mallory, waits for the record to reach the capture buffer (by count), then flushes it. */
async function invokeAndFlush(s: HostileServer, endpoint: string): Promise<Outcome> {
  const host = s.running.endpoints;
  const before = host.captureStats.captured;
  const reply = await sigv4As(
    s,
    'sagemaker',
    {
      method: 'POST',
      path: `/endpoints/${endpoint}/invocations`,
      headers: { 'content-type': 'image/png' },
      body: png,
    },
    who.mallory,
  );
  for (let spins = 0; reply.status === 200 && host.captureStats.captured <= before; spins++) {
    if (spins > 2000) throw new Error('the capture record never reached the buffer');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await host.flushCapture();
  return reply;
}

async function setup(s: HostileServer): Promise<void> {
  const { app } = s;
  png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  await registerNanModel(app, 'capture-target');
  who.mallory = await createUserWithKey(app, 'mallory', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: 'arn:aws:sagemaker:*:*:endpoint/mal-*' }],
  });
  who.dora = await createUserWithKey(app, 'dora', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sagemaker:DescribeEndpoint', Resource: '*' }],
  });
  await app.iam.roles.createRole('admin-capture', {
    trustPolicy: trustPolicyForServices(['sagemaker.amazonaws.com']),
  });
  await app.iam.policies.attach({ type: 'role', name: 'admin-capture' }, 'write-capture', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${OTHER_BUCKET}/capture/*` },
    ],
  });
  const admin = await s.rest(
    json(
      'PUT',
      `/api/v1/endpoints/${ADMIN_ENDPOINT}`,
      deployBody(
        { enabled: true, samplingPercent: 100, destination: `s3://${OTHER_BUCKET}/capture` },
        { executionRoleArn: CAPTURE_ROLE },
      ),
    ),
  );
  expect(admin.status, admin.text).toBe(200);
  const stealing = await restAs(
    () => who.mallory,
    json(
      'PUT',
      `/api/v1/endpoints/${STEALING_ENDPOINT}`,
      deployBody({ enabled: true, samplingPercent: 100, destination: `s3://${VICTIM_BUCKET}/stolen` }),
    ),
  )(s);
  expect(stealing.status, stealing.text).toBe(200);
  // Captured traffic of the administrator's endpoint for the read cases (written as its role: allowed).
  const host = s.running.endpoints;
  const before = host.captureStats.files;
  const invoked = await s.aws('sagemaker', {
    method: 'POST',
    path: `/endpoints/${ADMIN_ENDPOINT}/invocations`,
    headers: { 'content-type': 'image/png' },
    body: png,
  });
  expect(invoked.status).toBe(200);
  for (let spins = 0; host.captureStats.files <= before; spins++) {
    if (spins > 2000) throw new Error('the administrator endpoint never wrote its capture file');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await host.flushCapture();
  }
}

const INVALID = { status: 400, code: 'HTTP_INVALID_REQUEST' };

const cases: HostileCase[] = [
  {
    // The snapshot check proves no capture file appeared in the victim bucket (nor anywhere else).
    name: "mallory's endpoint captures into the victim bucket: inference 200, nothing written, a denied write counted",
    act: (s) => invokeAndFlush(s, STEALING_ENDPOINT),
    check: async (outcome, s) => {
      expect('status' in outcome && outcome.status).toBe(200);
      expect(s.running.endpoints.captureStats.deniedWrites).toBeGreaterThanOrEqual(1);
      const keys: string[] = [];
      for await (const object of s.app.store.listAllObjects(VICTIM_BUCKET)) keys.push(object.key);
      expect(keys).toEqual([SECRET_KEY]);
    },
  },
  {
    name: "mallory deploys with the administrator's capture role (no iam:PassRole)",
    act: restAs(
      () => who.mallory,
      json(
        'PUT',
        '/api/v1/endpoints/mal-role',
        deployBody(
          { enabled: true, samplingPercent: 100, destination: `s3://${OTHER_BUCKET}/capture` },
          { executionRoleArn: CAPTURE_ROLE },
        ),
      ),
    ),
    refuse: DENIED,
  },
  {
    name: 'mallory passes the role through a path-disguised ARN',
    act: restAs(
      () => who.mallory,
      json(
        'PUT',
        '/api/v1/endpoints/mal-role',
        deployBody({}, { executionRoleArn: 'arn:aws:iam::000000000000:role/x/../admin-capture' }),
      ),
    ),
    refuse: DENIED,
  },
  {
    name: 'mallory re-points her endpoint at the administrator capture folder, passing its role',
    act: restAs(
      () => who.mallory,
      json(
        'PUT',
        `/api/v1/endpoints/${STEALING_ENDPOINT}`,
        deployBody(
          { enabled: true, samplingPercent: 100, destination: `s3://${OTHER_BUCKET}/capture` },
          { executionRoleArn: CAPTURE_ROLE },
        ),
      ),
    ),
    refuse: DENIED,
  },
  ...(
    [
      ['an unknown capture field', { enabled: true, bogus: 1 }],
      ['a role smuggled in as a capture field', { enabled: true, executionRoleArn: CAPTURE_ROLE }],
      ['a misspelt capture field', { enabled: true, samplingPercentage: 100 }],
      ['a nested destination object', { destination: { bucket: VICTIM_BUCKET } }],
    ] as const
  ).map(
    ([what, capture]): HostileCase => ({
      name: `mallory deploys her endpoint with ${what}`,
      act: restAs(() => who.mallory, json('PUT', '/api/v1/endpoints/mal-fields', deployBody(capture))),
      refuse: INVALID,
    }),
  ),
  {
    name: 'dora (DescribeEndpoint only) reads captured images through the captures route',
    act: restAs(() => who.dora, {
      method: 'GET',
      path: `/api/v1/endpoints/${ADMIN_ENDPOINT}/captures?images=3`,
    }),
    refuse: DENIED,
    check: (outcome) => expect('text' in outcome && outcome.text).not.toContain('probabilities'),
  },
  {
    name: 'dora reads captured predictions without images',
    act: restAs(() => who.dora, {
      method: 'GET',
      path: `/api/v1/endpoints/${ADMIN_ENDPOINT}/captures?limit=1`,
    }),
    refuse: DENIED,
  },
  {
    name: "mallory reads the administrator's captures",
    act: restAs(() => who.mallory, { method: 'GET', path: `/api/v1/endpoints/${ADMIN_ENDPOINT}/captures` }),
    refuse: DENIED,
  },
];

export const suite = hostileSuite('data capture authorization', cases, {
  settings: { 'server.auth': 'on', 'inference.workers': 1 },
  setup,
  timeoutMs: 60_000,
});
