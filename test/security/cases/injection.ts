// Header injection and XSS: CR/LF and HTML in function log output, errors and results, in names and keys, in S3
// response overrides, and in paths echoed by errors. Hostile text must come back as inert data: JSON (or XML)
// with its content type, never as a header of its own, never as a page the dashboard's origin would run.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell-style payloads are data here
import { expect } from 'vitest';
import { zipOf } from '../../support/zip.js';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import { type HostileServer, SECRET_KEY, VICTIM_BUCKET } from '../support/hostile-server.js';
import type { HttpReply } from '../support/http-client.js';

const LOUD = 'loud-fn';
const CRLF = 'before\r\nSet-Cookie: pwned=1\r\nX-Injected: yes';
const SCRIPT = '<script>alert(document.cookie)</script>';
const HANDLER = `exports.handler = async (event) => {
  console.log(${JSON.stringify(CRLF)});
  console.log(${JSON.stringify(SCRIPT)});
  process.stdout.write('\\u001b[2J\\u001b[31mred\\u0000nul\\n');
  if (event && event.fail) {
    const e = new Error('bad\\r\\nSet-Cookie: pwned=2\\r\\n<img src=x onerror=alert(1)>');
    e.name = 'Evil\\r\\nX-Injected: yes';
    throw e;
  }
  return { html: ${JSON.stringify(SCRIPT)}, crlf: 'a\\r\\nSet-Cookie: pwned=3' };
};`;

function reply(outcome: Outcome): HttpReply {
  if (!('status' in outcome)) throw new Error('expected an HTTP reply');
  return outcome;
}

/** No header the hostile text tried to add, and the body is data with a data content type. */
function inert(outcome: Outcome): HttpReply {
  const r = reply(outcome);
  expect(r.headers['set-cookie'], 'no injected Set-Cookie').toBeUndefined();
  expect(r.headers['x-injected'], 'no injected header').toBeUndefined();
  if (r.body.length > 0)
    expect(String(r.headers['content-type'])).toMatch(/^application\/(json|xml|x-amz-json-1\.0)/);
  return r;
}

function json(r: HttpReply): Record<string, unknown> {
  return JSON.parse(r.text) as Record<string, unknown>;
}

const lambdaInvoke = (payload: unknown) => (s: HostileServer) =>
  s.aws('lambda', {
    method: 'POST',
    path: `/2015-03-31/functions/${LOUD}/invocations`,
    headers: { 'x-amz-log-type': 'Tail', 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });

const logCases: HostileCase[] = [
  {
    name: 'Lambda Invoke (LogType Tail) of a function logging CR/LF header lines and HTML',
    act: lambdaInvoke({}),
    check: (outcome) => {
      const r = inert(outcome);
      expect(r.status).toBe(200);
      const tail = Buffer.from(String(r.headers['x-amz-log-result']), 'base64').toString('utf8');
      expect(tail).toContain('Set-Cookie: pwned=1');
      expect(tail).toContain(SCRIPT);
      expect(json(r).crlf).toBe('a\r\nSet-Cookie: pwned=3');
    },
  },
  {
    name: 'Lambda Invoke of a function throwing an error named with CR/LF and a message with HTML',
    act: lambdaInvoke({ fail: true }),
    userOutput: true,
    check: (outcome) => {
      const r = inert(outcome);
      expect(r.headers['x-amz-function-error']).toBe('Unhandled');
      expect(String(json(r).errorMessage)).toContain('<img src=x onerror=alert(1)>');
    },
  },
  {
    name: 'REST invoke with log=true of a function logging CR/LF and HTML',
    act: (s) =>
      s.rest({
        method: 'POST',
        path: `/api/v1/functions/${LOUD}/invoke?log=true`,
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    check: (outcome) => {
      const body = json(inert(outcome));
      expect(String(body.logTail)).toContain('Set-Cookie: pwned=1');
    },
  },
  {
    name: 'REST function logs holding CR/LF, HTML, ANSI escapes and NUL',
    act: (s) => s.rest({ method: 'GET', path: `/api/v1/functions/${LOUD}/logs?limit=200` }),
    userOutput: true,
    check: (outcome) => {
      const r = inert(outcome);
      const messages = (json(r).events as { message: string }[]).map((e) => e.message).join('\n');
      expect(messages).toContain(SCRIPT);
      expect(messages).toContain('\u001b[31mred\u0000nul');
      expect(r.text, 'escaped in JSON').not.toContain('\u0000');
    },
  },
];

const HOSTILE_NAMES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'a\r\nSet-Cookie: x=1',
  "'; DROP TABLE fn_functions; --",
];

const nameCases: HostileCase[] = HOSTILE_NAMES.flatMap((name) => {
  const encoded = encodeURIComponent(name);
  return [
    {
      name: `REST create state machine named ${JSON.stringify(name)}`,
      act: (s: HostileServer) =>
        s.rest({
          method: 'POST',
          path: '/api/v1/state-machines',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, definition: { StartAt: 'a', States: { a: { Type: 'Succeed' } } } }),
        }),
      refuse: { status: 400, code: /^WORKFLOW_INVALID_NAME$/ },
      check: inert,
    },
    {
      name: `REST describe function named ${JSON.stringify(name)}`,
      act: (s: HostileServer) => s.rest({ method: 'GET', path: `/api/v1/functions/${encoded}` }),
      refuse: { status: [400, 404] },
      check: inert,
    },
    {
      name: `REST deploy endpoint named ${JSON.stringify(name)}`,
      act: (s: HostileServer) =>
        s.rest({
          method: 'PUT',
          path: `/api/v1/endpoints/${encoded}`,
          headers: { 'content-type': 'application/json' },
          body: '{"model":"1"}',
        }),
      refuse: { status: [400, 404] },
      check: inert,
    },
    {
      name: `REST create bucket named ${JSON.stringify(name)}`,
      act: (s: HostileServer) => s.rest({ method: 'PUT', path: `/api/v1/buckets/${encoded}` }),
      refuse: { status: 400, code: 'STORAGE_INVALID_BUCKET_NAME' },
      check: inert,
    },
    {
      name: `Lambda CreateFunction named ${JSON.stringify(name)}`,
      act: (s: HostileServer) =>
        s.aws('lambda', {
          method: 'POST',
          path: '/2015-03-31/functions',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            FunctionName: name,
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: 'arn:aws:iam::000000000000:role/r',
            Code: {
              ZipFile: zipOf([{ name: 'index.js', content: 'exports.handler=async()=>1' }]).toString(
                'base64',
              ),
            },
          }),
        }),
      refuse: { status: 400, code: /^(InvalidParameterValueException|ValidationException)$/ },
      check: inert,
    },
    {
      name: `Step Functions StartExecution named ${JSON.stringify(name)}`,
      act: (s: HostileServer) =>
        s.aws('states', {
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AWSStepFunctions.StartExecution',
          },
          body: JSON.stringify({
            stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:none',
            name,
          }),
        }),
      refuse: { status: 400, code: /^(InvalidName|InvalidArn|StateMachineDoesNotExist)$/ },
      check: inert,
    },
  ];
});

const XSS_KEY = `${encodeURIComponent('<script>alert(1)</script>')}.html`;

const echoCases: HostileCase[] = [
  {
    name: 'an unknown path holding a script tag',
    act: (s) => s.rest({ method: 'GET', path: '/api/%3Cscript%3Ealert(1)%3C/script%3E' }),
    refuse: { status: 404, code: 'HTTP_NOT_FOUND' },
    check: inert,
  },
  {
    name: 'S3 GetObject of a missing key holding a script tag (XML error escapes it)',
    act: (s) => s.aws('s3', { method: 'GET', path: `/${VICTIM_BUCKET}/${XSS_KEY}` }),
    refuse: { status: 404, code: 'NoSuchKey' },
    check: (outcome) => expect(inert(outcome).text).not.toContain('<script>'),
  },
  {
    name: 'S3 GetObject with response-content-type splitting the header (CR/LF)',
    act: (s) =>
      s.aws('s3', {
        method: 'GET',
        path: `/${VICTIM_BUCKET}/${SECRET_KEY}?response-content-type=text%2Fplain%0D%0ASet-Cookie%3A%20pwned%3D1`,
      }),
    refuse: { status: 400, code: 'InvalidArgument' },
    check: inert,
  },
  {
    name: 'S3 GetObject with response-content-disposition splitting the header (LF)',
    act: (s) =>
      s.aws('s3', {
        method: 'GET',
        path: `/${VICTIM_BUCKET}/${SECRET_KEY}?response-content-disposition=inline%0AX-Injected%3A%20yes`,
      }),
    refuse: { status: 400, code: 'InvalidArgument' },
    check: inert,
  },
  {
    name: 'S3 GetObject asking for text/html is served sandboxed',
    act: (s) =>
      s.aws('s3', {
        method: 'GET',
        path: `/${VICTIM_BUCKET}/${SECRET_KEY}?response-content-type=text%2Fhtml`,
      }),
    check: (outcome) => sandboxed(reply(outcome)),
  },
  {
    name: 'REST download of an HTML object is served sandboxed',
    act: async (s) => {
      await s.app.store.putObject(VICTIM_BUCKET, 'page.html', Buffer.from(SCRIPT), {
        contentType: 'text/html',
      });
      return s.rest({ method: 'GET', path: `/api/v1/buckets/${VICTIM_BUCKET}/objects/page.html` });
    },
    changesState: true,
    check: (outcome) => sandboxed(reply(outcome)),
  },
  {
    name: 'REST listing of a key holding a script tag is JSON',
    act: async (s) => {
      await s.app.store.putObject(VICTIM_BUCKET, '<script>alert(1)</script>.html', Buffer.from('x'));
      return s.rest({ method: 'GET', path: `/api/v1/buckets/${VICTIM_BUCKET}/objects` });
    },
    changesState: true,
    check: (outcome) => {
      const r = inert(outcome);
      expect(r.text).toContain('<script>alert(1)</script>.html');
    },
  },
];

function sandboxed(r: HttpReply): void {
  expect(r.status).toBe(200);
  expect(r.headers['content-security-policy']).toMatch(/sandbox/);
  expect(r.headers['x-content-type-options']).toBe('nosniff');
}

export const suite = hostileSuite('header injection and XSS', [...logCases, ...nameCases, ...echoCases], {
  setup: async (server) => {
    await server.app.functions.create({
      name: LOUD,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code: { kind: 'zip', bytes: zipOf([{ name: 'index.js', content: HANDLER }]) },
    });
    // A first invocation starts a warm guest (its scratch folder in the home); the cases then reuse it.
    await server.app.functions.invoke(LOUD, { payload: '{}' });
  },
});
