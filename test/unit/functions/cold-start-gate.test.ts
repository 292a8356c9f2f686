// The cold-start gate: at most `limit` guests of a function start at once, and waiting callers take a guest that
// became idle instead of starting another.
import { describe, expect, it } from 'vitest';
import { ColdStartGate } from '../../../src/modules/functions/host/cold-start-gate.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('cold-start gate', () => {
  it('lets `limit` callers start guests, holds the next until a turn frees', async () => {
    const gate = new ColdStartGate(2);
    const none = () => undefined;
    const first = await gate.enter(none);
    const second = await gate.enter(none);
    let third: Awaited<ReturnType<ColdStartGate['enter']>> | undefined;
    void gate.enter(none).then((turn) => {
      third = turn;
    });
    await settle();
    expect(third).toBeUndefined();
    if (!('release' in first) || !('release' in second)) throw new Error('expected turns');
    first.release();
    first.release(); // twice is once
    await settle();
    expect(third && 'release' in third).toBe(true);
  });

  it('hands a waiting caller the guest that went idle, without taking a turn', async () => {
    const gate = new ColdStartGate(1);
    const idle: string[] = [];
    const take = () => idle.pop();
    const starting = await gate.enter(take);
    const waiting = gate.enter(take);
    await settle();
    idle.push('warm guest');
    gate.nudge();
    expect(await waiting).toEqual({ warm: 'warm guest' });
    if (!('release' in starting)) throw new Error('expected a turn');
    starting.release();
    expect('release' in (await gate.enter(take))).toBe(true);
  });
});
