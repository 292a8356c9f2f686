// How large MMD^2 gets between two halves of the baseline itself: the smallest embedding change worth a
// violation, derived rather than guessed.
import { seededRandom } from '../stats/seeded-random.js';
import { mmdTest, type Standardization } from './mmd-test.js';

const SPLITS = 10;

/** The largest MMD^2 over random half splits of the reference embeddings; undefined under 8 vectors. */
export function splitHalfNoise(
  vectors: readonly ArrayLike<number>[],
  scale: Standardization,
  seed: number,
): number | undefined {
  if (vectors.length < 8) return undefined;
  const random = seededRandom(seed);
  let largest = Number.NEGATIVE_INFINITY;
  for (let split = 0; split < SPLITS; split++) {
    const order = vectors.map((v) => ({ v, key: random() })).sort((a, b) => a.key - b.key);
    const half = Math.floor(order.length / 2);
    const a = order.slice(0, half).map((o) => o.v);
    const b = order.slice(half).map((o) => o.v);
    largest = Math.max(largest, mmdTest(a, b, scale, { permutations: 0, seed }).mmd2);
  }
  return largest;
}
