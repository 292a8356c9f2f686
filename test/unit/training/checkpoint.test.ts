// Checkpoint encoding round trip and corruption detection.
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/modules/training/train/checkpoint-codec.js';

const state = {
  epoch: 3,
  params: Float32Array.from([1, 2, 3]),
  stats: Float32Array.from([4, 5]),
  velocity: Float32Array.from([6, 7, 8]),
};
const history = [
  {
    epoch: 1,
    trainLoss: 0.6,
    trainAccuracy: 0.7,
    validationLoss: 0.5,
    validationAccuracy: 0.8,
    seconds: 1.5,
  },
];

describe('checkpoint codec', () => {
  it('round-trips state, best model and history', () => {
    const best = {
      epoch: 2,
      validationLoss: 0.4,
      validationAccuracy: 0.85,
      params: Float32Array.from([9, 9, 9]),
      stats: Float32Array.from([1, 1]),
    };
    const decoded = decodeCheckpoint(
      encodeCheckpoint({ fingerprint: 'abc', state, best, history, trainingMs: 1234 }),
    );
    expect(decoded).toEqual({ fingerprint: 'abc', state, best, history, trainingMs: 1234 });
    const withoutBest = decodeCheckpoint(
      encodeCheckpoint({ fingerprint: 'abc', state, best: undefined, history: [], trainingMs: 0 }),
    );
    expect(withoutBest.best).toBeUndefined();
    expect(withoutBest.state).toEqual(state);
  });

  it('rejects bytes that are not a complete checkpoint', () => {
    const bytes = encodeCheckpoint({ fingerprint: 'abc', state, best: undefined, history, trainingMs: 1 });
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(
      expect.objectContaining({ code: 'TRAINING_CHECKPOINT_CORRUPT' }),
    );
    expect(() => decodeCheckpoint(new TextEncoder().encode('not a checkpoint'))).toThrow(
      expect.objectContaining({ code: 'TRAINING_CHECKPOINT_CORRUPT' }),
    );
  });
});
