// Fits the softmax temperature that minimizes the negative log-likelihood of held-out predictions.
import { viewProbabilities } from './probabilities.js';

const LOW = Math.log(0.05);
const HIGH = Math.log(20);
const ITERATIONS = 60;

function negativeLogLikelihood(
  views: readonly Float32Array[],
  labels: ArrayLike<number>,
  k: number,
  t: number,
): number {
  const p = viewProbabilities(views, k, t);
  let nll = 0;
  for (let i = 0; i < labels.length; i++)
    nll -= Math.log(Math.max(p[i * k + (labels[i] as number)] as number, 1e-12));
  return nll / Math.max(1, labels.length);
}

/** Golden-section search over log(temperature) in [0.05, 20]. */
export function fitTemperature(
  views: readonly Float32Array[],
  labels: ArrayLike<number>,
  classes: number,
): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [a, b] = [LOW, HIGH];
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = negativeLogLikelihood(views, labels, classes, Math.exp(c));
  let fd = negativeLogLikelihood(views, labels, classes, Math.exp(d));
  for (let i = 0; i < ITERATIONS; i++) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - ratio * (b - a);
      fc = negativeLogLikelihood(views, labels, classes, Math.exp(c));
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + ratio * (b - a);
      fd = negativeLogLikelihood(views, labels, classes, Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}
