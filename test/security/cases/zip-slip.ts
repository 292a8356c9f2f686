// Function code archives that try to write outside their folder (zip slip), link out, lie about sizes or inflate
// into a bomb, sent through Lambda's CreateFunction and UpdateFunctionCode.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { type ZipEntry, zipOf } from '../../support/zip.js';
import { zipBomb } from '../support/archives.js';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import type { HostileServer } from '../support/hostile-server.js';

const ESCAPED = 'scones-zipslip-escaped.js';
const HANDLER = { name: 'index.js', content: 'exports.handler = async () => "ok";' };
const VICTIM_FUNCTION = 'victim-fn';
const INVALID_CODE = { status: 400, code: 'InvalidParameterValueException' } as const;

const ARCHIVES: Readonly<Record<string, () => Buffer>> = {
  'a ../ entry': () => zipOf([HANDLER, { name: `../${ESCAPED}`, content: 'pwned' }]),
  'a deep ../ entry': () =>
    zipOf([HANDLER, { name: `a/b/../../../../../../../../tmp/${ESCAPED}`, content: 'x' }]),
  'a ./.. entry': () => zipOf([HANDLER, { name: `./../${ESCAPED}`, content: 'x' }]),
  'an absolute entry': () => zipOf([HANDLER, { name: `/tmp/${ESCAPED}`, content: 'x' }]),
  'a drive-letter entry': () => zipOf([HANDLER, { name: `C:/tmp/${ESCAPED}`, content: 'x' }]),
  'a backslash entry': () => zipOf([HANDLER, { name: `..\\..\\${ESCAPED}`, content: 'x' }]),
  'a NUL in a name': () => zipOf([HANDLER, { name: `index2.js\0/../../${ESCAPED}`, content: 'x' }]),
  'a ../ directory entry': () => zipOf([HANDLER, { name: '../', content: '' }]),
  'a symbolic link to /etc/passwd': () =>
    zipOf([HANDLER, { name: 'passwd', content: '/etc/passwd', mode: 0o120777 }]),
  'a link to a parent then a file through it': () =>
    zipOf([
      HANDLER,
      { name: 'up', content: '../../../../..', mode: 0o120777 },
      { name: `up/tmp/${ESCAPED}`, content: 'x' },
    ]),
  'an encrypted entry': () => zipOf([HANDLER, { name: 'secret.js', content: 'x', flags: 1 }]),
  'duplicate entries': () => zipOf([HANDLER, HANDLER]),
  'an entry lying about its size': () =>
    zipOf([HANDLER, { name: 'big.js', content: 'x'.repeat(200_000), declaredSize: 10 }]),
  'a 4,000-character name': () => zipOf([HANDLER, { name: `${'a'.repeat(4000)}.js`, content: 'x' }]),
  'a bomb of 272 MiB of zeros in 270 KB': () => zipBomb(17),
  'over 20,000 entries': () =>
    zipOf([
      HANDLER,
      ...Array.from({ length: 20_001 }, (_, i): ZipEntry => ({ name: `f/${i}`, content: '' })),
    ]),
  'no zip at all': () => Buffer.from('PK\x03\x04 this is not a zip'),
  'an empty zip': () => zipOf([]),
};

function lambdaCall(method: string, url: string, body: unknown) {
  return (server: HostileServer) =>
    server.aws('lambda', {
      method,
      path: url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
}

/** No escaped file anywhere a `../` chain from the home could reach. */
function nothingEscaped(_outcome: Outcome, server: HostileServer): void {
  for (const dir of [
    server.home,
    path.join(server.home, 'functions'),
    path.dirname(server.home),
    '/tmp',
    '/',
  ])
    expect(existsSync(path.join(dir, ESCAPED)), `${dir}/${ESCAPED}`).toBe(false);
}

const createCases: HostileCase[] = Object.entries(ARCHIVES).map(([what, build]) => ({
  name: `CreateFunction with ${what}`,
  act: (server) =>
    lambdaCall('POST', '/2015-03-31/functions', {
      FunctionName: 'evil-fn',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/lambda-role',
      Code: { ZipFile: build().toString('base64') },
    })(server),
  refuse: INVALID_CODE,
  check: nothingEscaped,
}));

const updateCases: HostileCase[] = Object.entries(ARCHIVES).map(([what, build]) => ({
  name: `UpdateFunctionCode with ${what}`,
  act: lambdaCall('PUT', `/2015-03-31/functions/${VICTIM_FUNCTION}/code`, {
    ZipFile: build().toString('base64'),
  }),
  refuse: INVALID_CODE,
  check: nothingEscaped,
}));

/** Extraction follows the central directory; a different name in the local header is never written. */
const localNameCase: HostileCase = {
  name: 'CreateFunction with a local header naming ../ while the central directory names lib.js',
  act: lambdaCall('POST', '/2015-03-31/functions', {
    FunctionName: 'two-names-fn',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::000000000000:role/lambda-role',
    Code: {
      ZipFile: zipOf([HANDLER, { name: 'lib.js', localName: `../${ESCAPED}`, content: 'x' }]).toString(
        'base64',
      ),
    },
  }),
  changesState: true,
  check: (outcome, server) => {
    expect('status' in outcome && outcome.status).toBe(201);
    nothingEscaped(outcome, server);
  },
};

export const suite = hostileSuite(
  'zip slip in function code',
  [...createCases, ...updateCases, localNameCase],
  {
    setup: async (server) => {
      await server.app.functions.create({
        name: VICTIM_FUNCTION,
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        code: { kind: 'zip', bytes: zipOf([HANDLER]) },
      });
    },
  },
);
