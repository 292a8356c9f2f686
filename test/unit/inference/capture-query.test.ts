// Reading captured inferences back: newest first across hour folders and variants, the limit honoured, and
// records that are not capture lines skipped.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { CaptureReader } from '../../../src/modules/inference/capture/capture-query.js';
import {
  type CaptureEvent,
  captureFileName,
  captureFolder,
  captureLine,
} from '../../../src/modules/inference/capture/capture-record.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { MemoryBlobStore } from '../../../src/platform/blob/memory/memory-blob-store.js';

const HOUR = 3_600_000;
const start = Date.UTC(2024, 11, 31, 22, 30);

function event(variant: string, time: number, index: number): CaptureEvent {
  return {
    endpoint: 'bikes',
    variant,
    time,
    eventId: `${variant}-${index}`,
    inferenceId: null,
    input: { contentType: 'image/png', bytes: Uint8Array.of(137, 80, 78, 71, index) },
    output: { contentType: 'application/json', text: JSON.stringify([index / 10, 1 - index / 10]) },
  };
}

/** One file per event, as a capture writer flushing once per record would leave them. */
async function storeWith(events: readonly CaptureEvent[], extraLines = ''): Promise<ObjectStore> {
  const store = new ObjectStore(new MemoryBlobStore(systemClock));
  await store.createBucket('scones');
  for (const [i, e] of events.entries()) {
    const key = `${captureFolder('datacapture', e.endpoint, e.variant, e.time)}${captureFileName(e.time, `u${i}`)}`;
    await store.putObject('scones', key, Buffer.from(`${captureLine(e)}\n${i === 0 ? extraLines : ''}`));
  }
  return store;
}

describe('CaptureReader', () => {
  it('returns the newest records first, across hours, days, years and variants', async () => {
    // Hourly events over the new year, alternating between two variants.
    const events = Array.from({ length: 6 }, (_, i) => event(i % 2 ? 'B' : 'A', start + i * HOUR, i));
    const reader = new CaptureReader(await storeWith(events));
    const recent = await reader.recent({ bucket: 'scones', prefix: 'datacapture' }, 'bikes', 10);
    expect(recent.map((r) => r.eventId)).toEqual(['B-5', 'A-4', 'B-3', 'A-2', 'B-1', 'A-0']);
    expect(recent[0]).toMatchObject({
      variant: 'B',
      time: Math.floor((start + 5 * HOUR) / 1000) * 1000,
      probabilities: [0.5, 0.5],
      input: { contentType: 'image/png', base64: Buffer.from([137, 80, 78, 71, 5]).toString('base64') },
    });
  });

  it('stops at the limit and skips lines that are not capture records', async () => {
    const events = Array.from({ length: 5 }, (_, i) => event('A', start + i * 60_000, i));
    const store = await storeWith(events, 'not json\n{"eventMetadata":{}}\n');
    const reader = new CaptureReader(store);
    const newest = await reader.recent({ bucket: 'scones', prefix: 'datacapture' }, 'bikes', 2);
    expect(newest.map((r) => r.eventId)).toEqual(['A-4', 'A-3']);
    const all = await reader.recent({ bucket: 'scones', prefix: 'datacapture/' }, 'bikes', 100);
    expect(all.map((r) => r.eventId)).toEqual(['A-4', 'A-3', 'A-2', 'A-1', 'A-0']);
  });

  it('finds nothing for an endpoint without capture files or a missing bucket', async () => {
    const reader = new CaptureReader(await storeWith([event('A', start, 0)]));
    expect(await reader.recent({ bucket: 'scones', prefix: 'datacapture' }, 'cars', 10)).toEqual([]);
    expect(await reader.recent({ bucket: 'elsewhere', prefix: '' }, 'bikes', 10)).toEqual([]);
  });
});
