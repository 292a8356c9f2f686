// Softmax of logits at a temperature, and the averaging of test-time-augmented views.

/** Row-wise softmax of logits [n, classes] divided by `temperature`. */
export function softmax(logits: Float32Array, classes: number, temperature = 1): Float32Array {
  const out = new Float32Array(logits.length);
  for (let i = 0; i < logits.length; i += classes) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) max = Math.max(max, (logits[i + k] as number) / temperature);
    let total = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp((logits[i + k] as number) / temperature - max);
      out[i + k] = e;
      total += e;
    }
    for (let k = 0; k < classes; k++) out[i + k] = (out[i + k] as number) / total;
  }
  return out;
}

/** Mean of the softmax probabilities of several views (e.g. an image and its mirror image). */
export function viewProbabilities(
  views: readonly Float32Array[],
  classes: number,
  temperature = 1,
): Float32Array {
  const out = new Float32Array(views[0]?.length ?? 0);
  for (const view of views) {
    const p = softmax(view, classes, temperature);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (p[i] as number) / views.length;
  }
  return out;
}

export function argmaxRows(probabilities: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < probabilities.length; i += classes) {
    let best = 0;
    for (let k = 1; k < classes; k++)
      if ((probabilities[i + k] as number) > (probabilities[i + best] as number)) best = k;
    out.push(best);
  }
  return out;
}
