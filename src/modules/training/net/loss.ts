// Softmax cross-entropy with label smoothing over logits held in JavaScript.

export interface LossResult {
  /** Summed over the samples. */
  readonly loss: number;
  readonly correct: number;
  /** d(total loss / normalizer) / d(logits). */
  readonly dlogits: Float32Array;
}

export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: ArrayLike<number>,
  classes: number,
  smoothing: number,
  normalizer: number,
): LossResult {
  const dlogits = new Float32Array(logits.length);
  let loss = 0;
  let correct = 0;
  const off = smoothing / classes;
  for (let i = 0; i < labels.length; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const max = Math.max(...row);
    let total = 0;
    for (const v of row) total += Math.exp(v - max);
    const logTotal = Math.log(total);
    const label = labels[i] as number;
    let best = 0;
    for (let k = 0; k < classes; k++) {
      const logP = (row[k] as number) - max - logTotal;
      const target = (k === label ? 1 - smoothing : 0) + off;
      loss -= target * logP;
      dlogits[i * classes + k] = (Math.exp(logP) - target) / normalizer;
      if ((row[k] as number) > (row[best] as number)) best = k;
    }
    if (best === label) correct++;
  }
  return { loss, correct, dlogits };
}
