// The per-bucket gate of the fs store: commits share a bucket, its deletion runs alone, waiters go in order.
import { expect, it } from 'vitest';
import { BucketGate } from '../../../src/platform/blob/fs/bucket-gate.js';

/** A promise the test resolves by hand, to hold a holder inside the gate. */
function latch() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

it('lets shared holders overlap and makes an exclusive holder wait for them, and later ones wait for it', async () => {
  const gate = new BucketGate();
  const events: string[] = [];
  const first = latch();
  const a = gate.shared('b', async () => {
    events.push('a in');
    await first.opened;
    events.push('a out');
  });
  const b = gate.shared('b', async () => {
    events.push('b in');
  });
  const del = gate.exclusive('b', async () => {
    events.push('delete');
  });
  const c = gate.shared('b', async () => {
    events.push('c in');
  });
  const other = gate.exclusive('other', async () => {
    events.push('other bucket');
  });
  await Promise.all([b, other]);
  expect(events).toEqual(['a in', 'b in', 'other bucket']);
  first.open();
  await Promise.all([a, del, c]);
  expect(events).toEqual(['a in', 'b in', 'other bucket', 'a out', 'delete', 'c in']);
});

it('releases the bucket when the holder throws', async () => {
  const gate = new BucketGate();
  await expect(gate.exclusive('b', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await gate.shared('b', async () => 'after')).toBe('after');
});
