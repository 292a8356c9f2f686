// Plans a strided transposed convolution as one stride-1 convolution per output phase, all in one call.

/** One spatial axis of the plan. */
export interface AxisPlan {
  readonly stride: number;
  /** Taps of the combined kernel along this axis. */
  readonly taps: number;
  readonly padBefore: number;
  readonly padAfter: number;
  /** Rows produced by the convolution (at least ceil(inSize / stride)). */
  readonly rows: number;
  /** tapToFilter[phase][tap]: filter index feeding that tap for that output phase, or -1. */
  readonly tapToFilter: readonly (readonly number[])[];
}

/**
 * dx[h] for h = s*q + r sums dy[q + o] * W[k] over the filter taps k with k = (r + pad) mod s + s*j and
 * o = floor((r + pad) / s) - j, j >= 0. Offsets o range over [lo, hi] for all phases r, so a stride-1
 * convolution of dy, padded by -lo before, with a kernel of hi-lo+1 taps per phase computes every phase.
 */
export function planAxis(
  inSize: number,
  outSize: number,
  filterSize: number,
  stride: number,
  pad: number,
): AxisPlan {
  const phases = Array.from({ length: stride }, (_, r) => {
    const first = (r + pad) % stride;
    const carry = Math.floor((r + pad) / stride);
    const count = first < filterSize ? Math.ceil((filterSize - first) / stride) : 0;
    return { first, carry, count };
  });
  const used = phases.filter((p) => p.count > 0);
  const lo = Math.min(0, ...used.map((p) => p.carry - p.count + 1));
  const hi = Math.max(lo, ...used.map((p) => p.carry));
  const taps = hi - lo + 1;
  const padBefore = -lo;
  const needed = Math.ceil(inSize / stride);
  const padAfter = Math.max(0, needed - outSize - padBefore + taps - 1);
  const rows = outSize + padBefore + padAfter - taps + 1;
  const tapToFilter = phases.map(({ first, carry, count }) =>
    Array.from({ length: taps }, (_, t) => {
      const j = carry - (t + lo);
      return j >= 0 && j < count ? first + stride * j : -1;
    }),
  );
  return { stride, taps, padBefore, padAfter, rows, tapToFilter };
}

/**
 * The combined kernel [tapsH, tapsW, Cout, sh*sw*Cin] from a filter [KH, KW, Cin, Cout]; output channel
 * (rh*sw + rw)*Cin + ci of the convolution is phase (rh, rw) of input channel ci.
 */
export function phaseKernel(
  filter: Float32Array,
  shape: readonly [number, number, number, number],
  h: AxisPlan,
  w: AxisPlan,
): Float32Array {
  const [, kw, cin, cout] = shape;
  const phases = h.stride * w.stride;
  const out = new Float32Array(h.taps * w.taps * cout * phases * cin);
  let o = 0;
  for (let th = 0; th < h.taps; th++)
    for (let tw = 0; tw < w.taps; tw++)
      for (let co = 0; co < cout; co++)
        for (let rh = 0; rh < h.stride; rh++)
          for (let rw = 0; rw < w.stride; rw++) {
            const fh = h.tapToFilter[rh]?.[th] ?? -1;
            const fw = w.tapToFilter[rw]?.[tw] ?? -1;
            if (fh < 0 || fw < 0) {
              o += cin;
              continue;
            }
            const base = (fh * kw + fw) * cin * cout + co;
            for (let ci = 0; ci < cin; ci++) out[o++] = filter[base + ci * cout] as number;
          }
  return out;
}
