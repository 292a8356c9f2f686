// Binary encoding of a training checkpoint: a JSON header followed by the float32 arrays.
import { trainingError } from '../errors.js';
import type { CurvePoint } from '../types.js';
import type { TrainingState } from './job.js';

/** One epoch of the training curves: what the report shows as one point of them. */
export type EpochRecord = CurvePoint;

export interface BestModel {
  readonly epoch: number;
  readonly validationLoss: number;
  readonly validationAccuracy: number;
  readonly params: Float32Array;
  readonly stats: Float32Array;
}

export interface Checkpoint {
  /** Identifies the job (options and data); a checkpoint only resumes the job that wrote it. */
  readonly fingerprint: string;
  readonly state: TrainingState;
  readonly best: BestModel | undefined;
  readonly history: readonly EpochRecord[];
  /** Training time spent before this checkpoint, over every attempt. */
  readonly trainingMs: number;
}

const MAGIC = 'SCONESCK';
const VERSION = 1;

interface Header {
  readonly version: number;
  readonly fingerprint: string;
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly trainingMs: number;
  readonly best: Omit<BestModel, 'params' | 'stats'> | null;
  readonly lengths: readonly number[];
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const arrays = [
    c.state.params,
    c.state.stats,
    c.state.velocity,
    ...(c.best ? [c.best.params, c.best.stats] : []),
  ];
  const best = c.best
    ? {
        epoch: c.best.epoch,
        validationLoss: c.best.validationLoss,
        validationAccuracy: c.best.validationAccuracy,
      }
    : null;
  const header: Header = {
    version: VERSION,
    fingerprint: c.fingerprint,
    epoch: c.state.epoch,
    history: c.history,
    trainingMs: c.trainingMs,
    best,
    lengths: arrays.map((a) => a.length),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil((json.length + 12) / 4) * 4;
  const out = new Uint8Array(headerBytes + arrays.reduce((n, a) => n + a.length * 4, 0));
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  let offset = headerBytes;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const corrupt = (why: string) => trainingError('CHECKPOINT_CORRUPT', `checkpoint is not readable: ${why}`);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw corrupt('bad magic');
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
  } catch (error) {
    throw trainingError('CHECKPOINT_CORRUPT', 'checkpoint header is not JSON', {}, error);
  }
  if (header.version !== VERSION) throw corrupt(`version ${header.version}`);
  let offset = Math.ceil((length + 12) / 4) * 4;
  const arrays = header.lengths.map((n) => {
    if (offset + n * 4 > bytes.length) throw corrupt('truncated');
    const a = new Float32Array(bytes.slice(offset, offset + n * 4).buffer);
    offset += n * 4;
    return a;
  });
  const [params, stats, velocity, bestParams, bestStats] = arrays as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array?,
    Float32Array?,
  ];
  const best =
    header.best && bestParams && bestStats
      ? { ...header.best, params: bestParams, stats: bestStats }
      : undefined;
  return {
    fingerprint: header.fingerprint,
    state: { epoch: header.epoch, params, stats, velocity },
    best,
    history: header.history,
    trainingMs: header.trainingMs,
  };
}
