// Seeded initial parameters (He-normal convolutions, unit batch-norm scales) and batch-norm statistics.
import { Rng, Stream } from '../data/rng.js';
import { allUnits, type NetSpec } from './architecture.js';

export interface ModelState {
  readonly params: Float32Array;
  /** Running mean then running variance of each unit's batch norm. */
  readonly stats: Float32Array;
}

export function initialState(net: NetSpec, seed: number): ModelState {
  const rng = new Rng(seed, Stream.init);
  const params = new Float32Array(net.paramCount);
  const stats = new Float32Array(net.statsCount);
  for (const u of allUnits(net)) {
    const std = Math.sqrt(2 / (u.kernel * u.kernel * u.cout));
    const size = u.kernel * u.kernel * u.cin * u.cout;
    for (let i = 0; i < size; i++) params[u.weight + i] = rng.normal() * std;
    params.fill(1, u.gamma, u.gamma + u.cout);
    stats.fill(1, u.stats + u.cout, u.stats + 2 * u.cout);
  }
  const bound = 1 / Math.sqrt(net.dense.cin);
  for (let i = net.dense.weight; i < net.dense.weight + net.dense.cin * net.classes; i++)
    params[i] = (rng.next() * 2 - 1) * bound;
  for (let k = 0; k < net.classes; k++) params[net.dense.bias + k] = (rng.next() * 2 - 1) * bound;
  return { params, stats };
}
