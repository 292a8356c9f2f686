// The capture writer asks its authorizer before each file: a refused file is not written, its records are
// dropped and counted, the refusal is logged and told to the failure listeners; allowed files are written.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import type { LogFields, Logger } from '../../../src/kernel/logger.js';
import type { CaptureFailure, CaptureWrite } from '../../../src/modules/inference/capture/capture-access.js';
import type { CaptureEvent } from '../../../src/modules/inference/capture/capture-record.js';
import { CaptureWriter } from '../../../src/modules/inference/capture/capture-writer.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { MemoryBlobStore } from '../../../src/platform/blob/memory/memory-blob-store.js';

const ROLE = 'arn:aws:iam::000000000000:role/capture';

function event(endpoint: string, index: number): CaptureEvent {
  return {
    endpoint,
    variant: 'AllTraffic',
    time: Date.UTC(2026, 0, 2, 3, 4, 5),
    eventId: `e-${index}`,
    inferenceId: null,
    input: { contentType: 'image/png', bytes: Uint8Array.of(index) },
    output: { contentType: 'application/json', text: '[1,0]' },
  };
}

function recordingLogger(lines: { fields: LogFields; message: string }[]): Logger {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (fields, message) => lines.push({ fields, message }),
    child: () => logger,
  };
  return logger;
}

async function keys(store: ObjectStore, bucket: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of store.listAllObjects(bucket)) found.push(object.key);
  return found;
}

describe('capture writer with an authorizer', () => {
  it('writes only the files the authorizer allows; a refusal is logged, counted and told', async () => {
    const store = new ObjectStore(new MemoryBlobStore(systemClock));
    await store.ensureBucket('mine');
    await store.ensureBucket('victim');
    const asked: CaptureWrite[] = [];
    const failures: CaptureFailure[] = [];
    const logged: { fields: LogFields; message: string }[] = [];
    const writer = new CaptureWriter(
      store,
      { flushMs: 60_000, maxBufferedBytes: 1 << 20 },
      systemClock,
      recordingLogger(logged),
      {
        authorizer: {
          authorizeWrite: async (write) => {
            asked.push(write);
            if (write.bucket !== 'mine') throw new Error('AccessDenied');
          },
        },
        failureListeners: [
          { onCaptureFailure: (failure) => failures.push(failure) },
          {
            onCaptureFailure: () => {
              throw new Error('a broken listener');
            },
          },
        ],
      },
    );
    writer.add({ bucket: 'mine', prefix: 'capture', executionRoleArn: ROLE }, event('ok', 1));
    writer.add({ bucket: 'victim', prefix: 'stolen', executionRoleArn: ROLE }, event('steal', 2));
    writer.add({ bucket: 'victim', prefix: 'stolen', executionRoleArn: ROLE }, event('steal', 3));
    await writer.flush();

    expect(await keys(store, 'victim')).toEqual([]);
    expect(await keys(store, 'mine')).toHaveLength(1);
    expect(asked.map((w) => [w.endpoint, w.executionRoleArn, w.bucket])).toEqual([
      ['ok', ROLE, 'mine'],
      ['steal', ROLE, 'victim'],
    ]);
    expect(asked[1]?.key).toMatch(/^stolen\/steal\/AllTraffic\/2026\/01\/02\/03\/04-05-000-.+\.jsonl$/);
    expect(writer.stats).toMatchObject({
      captured: 3,
      files: 1,
      deniedWrites: 1,
      dropped: 2,
      failedWrites: 0,
    });
    expect(failures).toEqual([
      expect.objectContaining({ endpoint: 'steal', bucket: 'victim', reason: 'denied', records: 2 }),
    ]);
    expect(logged.map((l) => l.message)).toEqual([
      'data capture write denied: the endpoint execution role may not write there',
      'a capture failure listener failed',
    ]);
  });

  it('keeps records of different roles in different files, each authorized as its own role', async () => {
    const store = new ObjectStore(new MemoryBlobStore(systemClock));
    const roles: (string | undefined)[] = [];
    const writer = new CaptureWriter(
      store,
      { flushMs: 60_000, maxBufferedBytes: 1 << 20 },
      systemClock,
      recordingLogger([]),
      { authorizer: { authorizeWrite: async (write) => void roles.push(write.executionRoleArn) } },
    );
    const place = { bucket: 'mine', prefix: 'capture' };
    writer.add({ ...place, executionRoleArn: ROLE }, event('bikes', 1));
    writer.add({ ...place, executionRoleArn: undefined }, event('bikes', 2));
    await writer.flush();
    expect(roles.sort()).toEqual([ROLE, undefined]);
    expect(writer.stats.files).toBe(2);
  });
});
