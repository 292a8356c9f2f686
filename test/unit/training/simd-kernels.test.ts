// The hand-assembled SIMD kernels against plain JavaScript references, on a memory of their own.
import { describe, expect, it } from 'vitest';
import { simdKernels } from '../../../src/modules/training/simd/simd-module.js';
import { webAssembly } from '../../../src/modules/training/simd/webassembly-api.js';

const memory = new webAssembly.Memory({ initial: 256 });
const k = simdKernels(memory);
let next = 1024;
function alloc(
  values: ArrayLike<number> | number,
  kind: 'f32' | 'f64' = 'f32',
): { ptr: number; view: () => Float32Array | Float64Array } {
  const length = typeof values === 'number' ? values : values.length;
  const bytes = kind === 'f32' ? 4 : 8;
  const ptr = next;
  next += Math.ceil((length * bytes) / 16) * 16 + 16;
  const view = () =>
    kind === 'f32'
      ? new Float32Array(memory.buffer, ptr, length)
      : new Float64Array(memory.buffer, ptr, length);
  if (typeof values !== 'number') view().set(values);
  return { ptr, view };
}
const random = (n: number, seed = 1) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 3 + 0.5);

describe('simd kernels', () => {
  it('transposes NHWC to CHWN (scalar and 4x4)', () => {
    const [B, P, C] = [8, 6, 12];
    const x = alloc(random(B * P * C));
    const y1 = alloc(B * P * C);
    const y2 = alloc(B * P * C);
    k.transpose_nhwc_chwn(x.ptr, y1.ptr, B, P, C);
    k.transpose_nhwc_chwn4(x.ptr, y2.ptr, B, P, C);
    const xs = x.view();
    const want = new Float32Array(B * P * C);
    for (let b = 0; b < B; b++)
      for (let p = 0; p < P; p++)
        for (let c = 0; c < C; c++) want[(c * P + p) * B + b] = xs[(b * P + p) * C + c] as number;
    expect([...y1.view()]).toEqual([...want]);
    expect([...y2.view()]).toEqual([...want]);
  });

  it('transposes NHWC to HWNC', () => {
    for (const C of [8, 3]) {
      const [B, P] = [5, 7];
      const x = alloc(random(B * P * C));
      const y = alloc(B * P * C);
      k.transpose_nhwc_hwnc(x.ptr, y.ptr, B, P, C);
      const xs = x.view();
      const want = new Float32Array(B * P * C);
      for (let b = 0; b < B; b++)
        for (let p = 0; p < P; p++)
          for (let c = 0; c < C; c++) want[(p * B + b) * C + c] = xs[(b * P + p) * C + c] as number;
      expect([...y.view()]).toEqual([...want]);
    }
  });

  it('reduces per channel', () => {
    const [P, C] = [1000, 16];
    const xs = random(P * C);
    const x = alloc(xs);
    const dz = alloc(random(P * C, 7));
    const mean = alloc(Float32Array.from({ length: C }, (_, c) => c * 0.1));
    const sum = alloc(C, 'f64');
    const sq = alloc(C, 'f64');
    const dot = alloc(C, 'f64');
    k.channel_sum(x.ptr, P, C, sum.ptr);
    k.channel_sqdev(x.ptr, P, C, mean.ptr, sq.ptr);
    const dsum = alloc(C, 'f64');
    k.channel_sum_dot(dz.ptr, x.ptr, P, C, mean.ptr, dsum.ptr, dot.ptr);
    const dzs = dz.view();
    for (let c = 0; c < C; c++) {
      let [s, q, d, ds] = [0, 0, 0, 0];
      for (let p = 0; p < P; p++) {
        const v = xs[p * C + c] as number;
        s += v;
        q += (v - c * 0.1) ** 2;
        ds += dzs[p * C + c] as number;
        d += (dzs[p * C + c] as number) * (v - Math.fround(c * 0.1));
      }
      expect(sum.view()[c]).toBeCloseTo(s, 3);
      expect(sq.view()[c]).toBeCloseTo(q, 2);
      expect(dsum.view()[c]).toBeCloseTo(ds, 3);
      expect(dot.view()[c]).toBeCloseTo(d, 2);
    }
  });
});
