// A small seeded fuzzer: mutators for text and bytes, and a loop that runs a target a fixed number of
// times and collects every failure that is not one of our typed errors. Counts come from the environment so the
// same tests run briefly in CI and at length from bench/security.
import { isSconesError } from '../../../src/kernel/errors.js';
import { prng, type Rng } from '../../support/prng.js';

/** Iterations per parser: `SCONES_FUZZ_ITERATIONS` (bench runs set it high), else `fallback` (CI). */
export function iterations(fallback: number): number {
  const value = Number(process.env.SCONES_FUZZ_ITERATIONS);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The base seed: `SCONES_FUZZ_SEED`, else a fixed one, so CI runs are identical. */
export function baseSeed(): number {
  const value = Number(process.env.SCONES_FUZZ_SEED);
  return Number.isInteger(value) ? value : 20_261_126;
}

/** Inserts, deletes, duplicates or swaps a few characters, biased towards the syntax of `tokens`. */
export function mutateText(rng: Rng, text: string, tokens: readonly string[]): string {
  let out = text;
  for (let n = rng.int(4) + 1; n > 0; n--) {
    const at = rng.int(out.length + 1);
    const op = rng.int(6);
    if (op === 0) out = out.slice(0, at) + out.slice(at + 1 + rng.int(8));
    else if (op === 1) out = out.slice(0, at) + rng.pick(tokens) + out.slice(at);
    else if (op === 2) {
      const from = rng.int(out.length + 1);
      out = out.slice(0, at) + out.slice(from, from + rng.int(40)) + out.slice(at);
    } else if (op === 3) out = out.slice(0, at);
    else if (op === 4)
      out = out.slice(0, at) + String.fromCharCode(rng.int(0x80) || 0x2028) + out.slice(at + 1);
    else out = out.slice(0, at) + rng.pick(tokens).repeat(rng.int(6) + 1) + out.slice(at);
  }
  return out;
}

/** Flips, inserts, deletes and overwrites bytes; sometimes writes an interesting integer (0, -1, 2^31...). */
export function mutateBytes(rng: Rng, bytes: Uint8Array): Uint8Array {
  let out = Buffer.from(bytes);
  for (let n = rng.int(4) + 1; n > 0; n--) {
    const at = rng.int(out.length + 1);
    const op = rng.int(5);
    const flip = Math.min(at, out.length - 1);
    if (op === 0 && out.length > 0) out[flip] = (out[flip] as number) ^ (1 << rng.int(8));
    else if (op === 1)
      out = Buffer.concat([out.subarray(0, at), Buffer.from([rng.int(256)]), out.subarray(at)]);
    else if (op === 2) out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + rng.int(16))]);
    else if (op === 3) out = out.subarray(0, at);
    else if (at + 4 <= out.length)
      out.writeUInt32BE(rng.pick([0, 0xffffffff, 0x7fffffff, 0x80000000, 1, 0x10000]), at);
  }
  return out;
}

export interface FuzzFailure {
  readonly iteration: number;
  readonly input: string;
  readonly error: string;
}

/**
 * Runs `target` on `count` generated inputs. A failure is anything thrown that `accept` does not accept (by
 * default: anything but a SconesError); the inputs of the first few failures are kept to reproduce them.
 */
export async function fuzz<T>(options: {
  readonly seed: number;
  readonly count: number;
  readonly generate: (rng: Rng, iteration: number) => T;
  readonly target: (input: T) => unknown;
  readonly accept?: (error: unknown) => boolean;
  readonly show?: (input: T) => string;
}): Promise<FuzzFailure[]> {
  const rng = prng(options.seed);
  const accept = options.accept ?? isSconesError;
  const failures: FuzzFailure[] = [];
  for (let i = 0; i < options.count; i++) {
    const input = options.generate(rng, i);
    try {
      await options.target(input);
    } catch (error) {
      if (accept(error)) continue;
      if (failures.length < 5)
        failures.push({
          iteration: i,
          input: (options.show ?? ((v) => JSON.stringify(v) ?? String(v)))(input).slice(0, 500),
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      else failures.push({ iteration: i, input: '', error: '' });
    }
  }
  return failures;
}
