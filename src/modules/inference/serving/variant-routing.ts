// Picks the production variant of a request: the one it targets, else one at random in proportion to weights.
import { inferenceError } from '../errors.js';

export interface Weighted {
  readonly name: string;
  readonly weight: number;
}

export function chooseVariant<T extends Weighted>(
  variants: readonly T[],
  target: string | undefined,
  random: () => number,
): T {
  if (target !== undefined) {
    const named = variants.find((v) => v.name === target);
    if (!named)
      throw inferenceError(
        'NO_SUCH_VARIANT',
        `target variant ${target} is not a production variant of this endpoint (it has ${variants.map((v) => v.name).join(', ')})`,
        { target },
      );
    return named;
  }
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = random() * total;
  for (const variant of variants) {
    if (variant.weight <= 0) continue;
    point -= variant.weight;
    if (point < 0) return variant;
  }
  // Only rounding can leave the point past the end: the last variant with weight takes it.
  return variants.findLast((v) => v.weight > 0) as T;
}
