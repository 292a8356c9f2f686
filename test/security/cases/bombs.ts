// Decompression and image bombs: tar.gz members declaring hundreds of MiB, gzip-encoded bodies, XML entity
// expansion and deep nesting on S3, and images whose headers claim enormous dimensions, sent to an endpoint's
// invocations and to dataset preparation from an image folder.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll } from 'vitest';
import { silentProgress } from '../../../src/kernel/progress.js';
import { registerNanModel } from '../../support/onnx-nan-model.js';
import { pngBomb } from '../../support/png-bomb.js';
import { gzipZeros, jpegBomb, tarGzBomb, tarHeader } from '../support/archives.js';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import { type HostileServer, VICTIM_BUCKET } from '../support/hostile-server.js';

const ENDPOINT = 'bikes';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scones-bombs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function prepare(server: HostileServer, source: string): Promise<Outcome> {
  try {
    await server.app.datasets.prepare(
      { source, classes: ['bicycle', 'motorcycle'], bucket: 'prepared' },
      silentProgress,
    );
    return { thrown: new Error('the source was accepted') };
  } catch (error) {
    return { thrown: error };
  }
}

const archiveBombs: HostileCase[] = [
  ['a train member of 600 MiB of zeros (600 KB gzipped)', () => tarGzBomb('cifar-100-python/train', 600)],
  [
    'a member whose header claims 8 GiB',
    () => Buffer.concat([gzipSync(tarHeader('cifar-100-python/train', 8 * 1024 ** 3)), gzipZeros(1)]),
  ],
].map(([what, build]) => ({
  name: `data prepare of a tar.gz with ${what as string}`,
  act: async (server: HostileServer) => {
    const file = path.join(dir, `bomb-${Math.random().toString(36).slice(2)}.tar.gz`);
    await writeFile(file, await (build as () => Buffer | Promise<Buffer>)());
    return prepare(server, file);
  },
  refuse: { code: 'DATASET_ARCHIVE_TOO_LARGE' },
}));

const IMAGE_BOMBS: Readonly<Record<string, () => Buffer>> = {
  'a PNG declaring 100,000 x 100,000 pixels': () => pngBomb(100_000, 100_000),
  'a PNG declaring 10,000 x 10,000 pixels': () => pngBomb(10_000, 10_000),
  'a JPEG declaring 65,000 x 65,000 pixels': () => jpegBomb(65_000, 65_000),
  'a JPEG declaring 9,000 x 9,000 pixels': () => jpegBomb(9_000, 9_000),
  'an SVG expanding entities a billion times': () =>
    Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><text>&j;</text></svg>`,
    ),
};

const folderBombs: HostileCase[] = Object.entries(IMAGE_BOMBS).map(([what, build]) => ({
  name: `data prepare of an image folder holding ${what}`,
  act: async (server) => {
    const folder = await mkdtemp(path.join(dir, 'folder-'));
    for (const split of ['train', 'test']) {
      await mkdir(path.join(folder, split));
      await writeFile(path.join(folder, split, 'bomb.png'), build());
      await writeFile(
        path.join(folder, `${split}.csv`),
        'filename,class\nbomb.png,bicycle\nbomb.png,motorcycle\n',
      );
    }
    return prepare(server, folder);
  },
  refuse: { code: 'DATASET_INVALID_IMAGE' },
}));

const endpointBombs: HostileCase[] = Object.entries(IMAGE_BOMBS).flatMap(([what, build]) =>
  ['image/png', 'image/jpeg', 'application/x-image'].map((type) => ({
    name: `InvokeEndpoint with ${what} as ${type}`,
    act: (server: HostileServer) =>
      server.aws('sagemaker', {
        method: 'POST',
        path: `/endpoints/${ENDPOINT}/invocations`,
        headers: { 'content-type': type },
        body: build(),
      }),
    // SageMaker answers a model's own 4xx as 424 ModelError (CLIENT_ERROR_FROM_MODEL).
    refuse: { status: [400, 413, 415, 424], code: /^(ValidationError|ModelError)$/ },
  })),
);

const XML_BOMBS: Readonly<Record<string, string>> = {
  'a billion-laughs DOCTYPE': `<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><Delete><Object><Key>&j;</Key></Object></Delete>`,
  'an external entity reading /etc/passwd':
    '<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY x SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&x;</Key></Object></Delete>',
  'elements nested 10,000 deep': `<Delete>${'<Object>'.repeat(10_000)}${'</Object>'.repeat(10_000)}</Delete>`,
  '1,001 keys': `<Delete>${'<Object><Key>k</Key></Object>'.repeat(1001)}</Delete>`,
};

const xmlBombs: HostileCase[] = Object.entries(XML_BOMBS).map(([what, xml]) => ({
  name: `S3 DeleteObjects with ${what}`,
  act: (server) =>
    server.aws('s3', {
      method: 'POST',
      path: `/${VICTIM_BUCKET}?delete`,
      headers: {
        'content-type': 'application/xml',
        'content-md5': require_md5(xml),
      },
      body: xml,
    }),
  refuse: { status: 400, code: /^(MalformedXML|InvalidArgument)$/ },
}));

function require_md5(text: string): string {
  return createHash('md5').update(text).digest('base64');
}

const encodedBodies: HostileCase[] = [
  '/api/v1/state-machines',
  '/api/v1/workflows/validate',
  '/api/v1/metrics/data',
].map((url) => ({
  name: `POST ${url} with a gzip-encoded body inflating to 64 MiB`,
  act: (server) =>
    server.rest({
      method: 'POST',
      path: url,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipZeros(64),
    }),
  refuse: { status: [400, 415] },
}));

export const suite = hostileSuite(
  'decompression and image bombs',
  [...archiveBombs, ...folderBombs, ...endpointBombs, ...xmlBombs, ...encodedBodies],
  {
    settings: { 'inference.workers': 1 },
    setup: async (server) => {
      await registerNanModel(server.app, 'bomb-target');
      await server.app.inference.endpoints.deploy({ name: ENDPOINT, variants: [{ model: '1' }] });
      await server.running.endpoints.refresh();
    },
  },
);
