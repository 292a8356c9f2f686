// Helpers for the functions platform tests: a service on a temporary home, a listening Scones server, zip
// archives written by hand (so unsafe ones can be made too), and fixture paths.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildHttpApp } from '../../../src/http/http-app.js';
import {
  FunctionsService,
  type FunctionsServiceOptions,
  functionsMigrations,
} from '../../../src/modules/functions/index.js';
import type { ObjectStore } from '../../../src/modules/storage/index.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { openSqliteDatabase } from '../../../src/platform/db/sqlite/sqlite-database.js';

export const PLATFORM_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/functions/platform');

export interface TestHome {
  readonly home: string;
  readonly database: SqlDatabase;
  readonly service: FunctionsService;
  close(): Promise<void>;
}

const homes: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `scones-${prefix}-`));
  homes.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(homes.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A functions service on the SQLite database and code folder of `home` (a new temp folder by default). */
export async function openHome(
  home?: string,
  options: Partial<Omit<FunctionsServiceOptions, 'database' | 'codeDir' | 'workDir'>> = {},
): Promise<TestHome> {
  const dir = home ?? (await tempDir('fn-home'));
  const database = openSqliteDatabase({ file: path.join(dir, 'scones.db') });
  await database.migrate(functionsMigrations);
  const service = new FunctionsService({
    database,
    codeDir: path.join(dir, 'functions'),
    workDir: path.join(dir, 'tmp'),
    ...options,
  });
  return {
    home: dir,
    database,
    service,
    close: async () => {
      await service.close();
      await database.close();
    },
  };
}

export interface TestServer {
  readonly url: string;
  readonly http: FastifyInstance;
  close(): Promise<void>;
}

/** The Scones HTTP app (REST, S3, and the Lambda API when given functions) listening on a free port. */
export async function startServer(store: ObjectStore, functions?: FunctionsService): Promise<TestServer> {
  const http = await buildHttpApp(
    { store, ...(functions ? { functions } : {}) },
    { version: 'test', logger: pino({ level: 'silent' }), bodyLimitBytes: 1 << 20 },
  );
  await http.listen({ host: '127.0.0.1', port: 0 });
  const address = http.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, http, close: () => http.close() };
}

export interface ZipEntry {
  readonly name: string;
  readonly content?: string | Buffer;
  /** Unix mode in the high bits of the external attributes (e.g. 0o120777 for a link). */
  readonly mode?: number;
  /** Stored uncompressed size to declare when it should lie about the data. */
  readonly declaredSize?: number;
}

/** A zip archive (deflated entries); names are written as given, unsafe ones included. */
export function zipOf(entries: readonly (ZipEntry | [string, string | Buffer])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of entries) {
    const entry: ZipEntry = Array.isArray(item) ? { name: item[0], content: item[1] } : item;
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.content ?? '');
    const packed = deflateRawSync(data);
    const size = entry.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function json(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}
