// A monitoring service on an in-memory database and a temporary store, with a clock the test moves.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../src/kernel/logger.js';
import {
  type MonitoringOptions,
  MonitoringService,
  monitoringMigrations,
} from '../../src/modules/monitoring/index.js';
import { ObjectStore } from '../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../src/platform/blob/fs/fs-blob-store.js';
import type { SqlDatabase } from '../../src/platform/db/port.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';

export const T0 = Date.parse('2026-11-26T05:00:00Z');
export const MINUTE = 60_000;

export class TestClock {
  constructor(public time = T0) {}
  now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A logger that keeps its lines, to assert on log actions. */
export function recordingLogger(): Logger & {
  lines: Array<{ level: string; message: string; fields: object }>;
} {
  const lines: Array<{ level: string; message: string; fields: object }> = [];
  const at = (level: string) => (fields: object, message: string) => lines.push({ level, message, fields });
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

export interface TestMonitoring {
  readonly service: MonitoringService;
  readonly clock: TestClock;
  readonly database: SqlDatabase;
  readonly store: ObjectStore;
  readonly logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

export async function openMonitoring(
  overrides: Partial<MonitoringOptions> = {},
  shared: { database?: SqlDatabase; store?: ObjectStore; clock?: TestClock; root?: string } = {},
): Promise<TestMonitoring> {
  const root = shared.root ?? (await mkdtemp(path.join(os.tmpdir(), 'scones-monitoring-')));
  const clock = shared.clock ?? new TestClock();
  const database = shared.database ?? openSqliteDatabase({ file: ':memory:' });
  await database.migrate(monitoringMigrations);
  const store = shared.store ?? new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), clock));
  const logger = recordingLogger();
  const service = new MonitoringService({
    store,
    database,
    clock,
    logger,
    location: { bucket: 'scones', prefix: 'monitoring' },
    defaultCapture: 's3://scones/datacapture',
    defaultDataset: 's3://scones/test.lst',
    confidenceThreshold: 0.93,
    metrics: { flushMs: 1000, retentionMs: 86_400_000 },
    alarms: { evaluationMs: 60_000, retryDelaysMs: [20, 40] },
    scheduler: { pollMs: 30_000, settleMs: 0 },
    ...overrides,
  });
  return {
    service,
    clock,
    database,
    store,
    logger,
    close: async () => {
      await service.close();
      if (!shared.database) await database.close();
      if (!shared.root) await rm(root, { recursive: true, force: true });
    },
  };
}
