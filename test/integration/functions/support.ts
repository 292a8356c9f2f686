// Helpers for the functions platform tests: a service on a temporary home, a listening Scones server and
// fixture paths.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildHttpApp } from '../../../src/http/http-app.js';
import { systemClock } from '../../../src/kernel/clock.js';
import {
  FunctionsService,
  type FunctionsServiceOptions,
  functionsMigrations,
} from '../../../src/modules/functions/index.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { openCodeStorage, type TestCodeStorage } from '../../support/code-storage.js';
import { DB_MATRIX, type DbEngine, type DbUnderTest } from '../../support/db-matrix.js';

export const PLATFORM_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/functions/platform');

export interface TestHome {
  readonly home: string;
  readonly database: SqlDatabase;
  readonly service: FunctionsService;
  /** Where the service keeps code: the home's object store and file cache. */
  readonly code: TestCodeStorage;
  close(): Promise<void>;
}

const homes: string[] = [];
/** The database of each home, so that reopening a home (a restart) opens the same one. */
const databases = new Map<string, DbUnderTest>();
const SQLITE = DB_MATRIX[0] as DbEngine;

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `scones-${prefix}-`));
  homes.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  const opened = [...databases.values()];
  databases.clear();
  await Promise.all(opened.map((database) => database.drop()));
  await Promise.all(homes.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * A functions service on the code folder of `home` (a new temp folder by default) and a database of `engine`
 * (SQLite in the home unless given); the same home reopens the same database.
 */
export async function openHome(
  home?: string,
  options: Partial<Omit<FunctionsServiceOptions, 'database' | 'code' | 'workDir'>> = {},
  engine: DbEngine = SQLITE,
): Promise<TestHome> {
  const dir = home ?? (await tempDir('fn-home'));
  let underTest = databases.get(dir);
  if (!underTest) {
    underTest = await engine.create(dir);
    databases.set(dir, underTest);
  }
  const database = await underTest.open();
  await database.migrate(functionsMigrations);
  const code = await openCodeStorage(dir);
  const service = new FunctionsService({
    database,
    code,
    workDir: path.join(dir, 'tmp'),
    ...options,
  });
  return {
    home: dir,
    database,
    service,
    code,
    close: async () => {
      await service.close();
      await database.close();
      await code.close();
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

export function json(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

/** The fs object store under `<dir>/objects`, as a home keeps it. */
export async function homeStore(dir: string): Promise<ObjectStore> {
  return new ObjectStore(await openFsBlobStore(path.join(dir, 'objects'), systemClock));
}

/** The official Lambda client of a test server: fixed keys (auth off) and one attempt, so a failure shows at once. */
export function lambdaClient(url: string): LambdaClient {
  return new LambdaClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
    maxAttempts: 1,
  });
}

export interface FunctionsServer {
  readonly home: TestHome;
  readonly server: TestServer;
  readonly store: ObjectStore;
  /** Closes the server and the home and removes every temp folder. */
  close(): Promise<void>;
}

/**
 * A home on `engine` with its object store (also the service's layer/code source when `objects` is set), and the
 * HTTP app listening over both; `start` starts the service's async workers.
 */
export async function serveFunctions(
  options: {
    service?: Partial<Omit<FunctionsServiceOptions, 'database' | 'codeDir' | 'workDir' | 'objects'>>;
    engine?: DbEngine;
    objects?: boolean;
    start?: boolean;
  } = {},
): Promise<FunctionsServer> {
  const dir = await tempDir('fn-home');
  const store = await homeStore(dir);
  const home = await openHome(
    dir,
    { ...options.service, ...(options.objects ? { objects: store } : {}) },
    options.engine,
  );
  const server = await startServer(store, home.service);
  if (options.start) home.service.start();
  return {
    home,
    server,
    store,
    close: async () => {
      await server.close();
      await home.close();
      await removeTempDirs();
    },
  };
}
