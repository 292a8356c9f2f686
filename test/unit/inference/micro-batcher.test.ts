// Micro-batching policy: a lone request goes at once, load forms batches, full queues refuse, failures stay local.
import { describe, expect, it } from 'vitest';
import type { BatchResult, BatchRunner } from '../../../src/modules/inference/predictor/predictor-pool.js';
import type { ImageInput } from '../../../src/modules/inference/serving/image-input.js';
import { MicroBatcher, type Timers } from '../../../src/modules/inference/serving/micro-batcher.js';

/** A runner whose batches finish when the test says so; each image's "probabilities" echo its first pixel. */
function manualRunner(capacity: number) {
  const batches: { images: readonly ImageInput[]; finish: () => void; fail: (e: Error) => void }[] = [];
  const runner: BatchRunner = {
    capacity,
    run: (images) =>
      new Promise<BatchResult>((resolve, reject) => {
        const probabilities = new Float32Array(images.length * 2);
        const errors = images.map((image, i) => {
          if (image.kind !== 'rgb') return 'not decodable';
          probabilities[i * 2] = image.pixels[0] as number;
          return null;
        });
        batches.push({
          images,
          finish: () => resolve({ probabilities, classes: 2, errors, modelMs: 1 }),
          fail: reject,
        });
      }),
    close: async () => {},
  };
  return { runner, batches };
}

/** Timers the test advances by hand. */
function manualTimers() {
  let now = 0;
  const pending: { at: number; callback: () => void }[] = [];
  const timers: Timers = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const entry = { at: now + ms, callback };
      pending.push(entry);
      return entry;
    },
    clearTimeout: (handle) => {
      const i = pending.indexOf(handle as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const entry of pending.filter((e) => e.at <= now)) {
      pending.splice(pending.indexOf(entry), 1);
      entry.callback();
    }
  };
  return { timers, advance };
}

const image = (value: number): ImageInput => ({ kind: 'rgb', pixels: Uint8Array.of(value) });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('dispatches a lone request at once, alone', async () => {
    const { runner, batches } = manualRunner(2);
    const batcher = new MicroBatcher(
      runner,
      { maxBatchSize: 32, maxWaitMs: 2, maxQueue: 100, maxQueueDelayMs: 1e9 },
      manualTimers().timers,
    );
    const answer = batcher.submit(image(7));
    expect(batches).toHaveLength(1);
    batches[0]?.finish();
    expect(await answer).toMatchObject({ batchSize: 1, probabilities: Float32Array.of(7, 0) });
  });

  it('batches what arrives while the model is busy, up to the batch size', async () => {
    const { runner, batches } = manualRunner(1);
    const { timers, advance } = manualTimers();
    const batcher = new MicroBatcher(
      runner,
      { maxBatchSize: 4, maxWaitMs: 2, maxQueue: 100, maxQueueDelayMs: 1e9 },
      timers,
    );
    const answers = Array.from({ length: 9 }, (_, i) => batcher.submit(image(i)));
    expect(batches.map((b) => b.images.length)).toEqual([1]);
    advance(10);
    expect(batches).toHaveLength(1);
    batches[0]?.finish();
    await flush();
    expect(batches.map((b) => b.images.length)).toEqual([1, 4]);
    batches[1]?.finish();
    await flush();
    batches[2]?.finish();
    const results = await Promise.all(answers);
    expect(batches.map((b) => b.images.length)).toEqual([1, 4, 4]);
    expect(results.map((r) => r.probabilities[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(batcher.pending).toBe(0);
  });

  it('starts a second concurrent batch once it is full or its oldest request waited maxWaitMs', async () => {
    const { runner, batches } = manualRunner(2);
    const { timers, advance } = manualTimers();
    const batcher = new MicroBatcher(
      runner,
      { maxBatchSize: 3, maxWaitMs: 2, maxQueue: 100, maxQueueDelayMs: 1e9 },
      timers,
    );
    void batcher.submit(image(0));
    void batcher.submit(image(1));
    void batcher.submit(image(2));
    expect(batches.map((b) => b.images.length)).toEqual([1]);
    advance(1);
    expect(batches).toHaveLength(1);
    advance(1);
    expect(batches.map((b) => b.images.length)).toEqual([1, 2]);
    for (const b of batches) b.finish();
    await flush();
    const more = [3, 4, 5, 6].map((v) => batcher.submit(image(v)));
    expect(batches.map((b) => b.images.length)).toEqual([1, 2, 1, 3]);
    for (const b of batches.slice(2)) b.finish();
    await Promise.all(more);
  });

  it('refuses at once when the queue is full', async () => {
    const { runner, batches } = manualRunner(1);
    const batcher = new MicroBatcher(
      runner,
      { maxBatchSize: 2, maxWaitMs: 2, maxQueue: 3, maxQueueDelayMs: 1e9 },
      manualTimers().timers,
    );
    const accepted = [0, 1, 2, 3].map((v) => batcher.submit(image(v)));
    await expect(batcher.submit(image(9))).rejects.toMatchObject({ code: 'INFERENCE_OVERLOADED' });
    batches[0]?.finish();
    await flush();
    batches[1]?.finish();
    await flush();
    batches[2]?.finish();
    expect(await Promise.all(accepted)).toHaveLength(4);
  });

  it('refuses requests that would wait longer than maxQueueDelayMs, judged from recent batches', async () => {
    const { runner, batches } = manualRunner(1);
    const { timers, advance } = manualTimers();
    const options = { maxBatchSize: 4, maxWaitMs: 2, maxQueue: 100, maxQueueDelayMs: 50 };
    const batcher = new MicroBatcher(runner, options, timers);
    const warm = [0, 1, 2].map((v) => batcher.submit(image(v)));
    advance(30);
    batches[0]?.finish();
    await flush();
    // A lone image says nothing about a long queue: nothing is refused yet.
    expect(batcher.expectedDelayMs).toBe(0);
    advance(20);
    batches[1]?.finish();
    await Promise.all(warm);
    // Two images took 20 ms: with one running and four queued, a sixth would be answered in about 60 ms.
    const accepted = [3, 4, 5, 6, 7].map((v) => batcher.submit(image(v)));
    expect(batcher.expectedDelayMs).toBe(60);
    await expect(batcher.submit(image(8))).rejects.toMatchObject({ code: 'INFERENCE_OVERLOADED' });
    for (let i = 2; i < 4; i++) {
      batches[i]?.finish();
      await flush();
    }
    expect(await Promise.all(accepted)).toHaveLength(5);
  });

  it('fails only the images that failed, and only the batch whose run failed', async () => {
    const { runner, batches } = manualRunner(1);
    const batcher = new MicroBatcher(
      runner,
      { maxBatchSize: 4, maxWaitMs: 2, maxQueue: 10, maxQueueDelayMs: 1e9 },
      manualTimers().timers,
    );
    const first = batcher.submit(image(1));
    const good = batcher.submit(image(2));
    const bad = batcher.submit({ kind: 'png', bytes: Uint8Array.of(1) });
    batches[0]?.fail(new Error('the model failed'));
    await expect(first).rejects.toThrow('the model failed');
    await flush();
    batches[1]?.finish();
    expect((await good).probabilities[0]).toBe(2);
    await expect(bad).rejects.toMatchObject({ code: 'INFERENCE_INVALID_IMAGE' });
    await batcher.drain();
  });
});
