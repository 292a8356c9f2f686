// Stratified, seeded split of the training images into train and validation indices.
import { Rng, Stream } from './rng.js';

export interface Split {
  readonly train: readonly number[];
  readonly validation: readonly number[];
}

/** Holds out round(share * n_c) images of each class c (at least one when the class has two or more). */
export function stratifiedSplit(labels: Uint8Array, classes: number, share: number, seed: number): Split {
  const train: number[] = [];
  const validation: number[] = [];
  for (let c = 0; c < classes; c++) {
    const members: number[] = [];
    labels.forEach((label, i) => {
      if (label === c) members.push(i);
    });
    new Rng(seed, Stream.split, c).shuffle(members);
    const held = members.length < 2 ? 0 : Math.max(1, Math.round(share * members.length));
    validation.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}
