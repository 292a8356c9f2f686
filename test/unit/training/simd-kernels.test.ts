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

describe('simd batch-norm, relu and pooling kernels', () => {
  const [P, C] = [12, 8];
  const channel = (i: number) => i % C;

  it('apply the affine map with and without relu, and with a residual', () => {
    const xs = random(P * C, 3);
    const res = random(P * C, 4);
    const scale = Float32Array.from({ length: C }, (_, c) => 0.5 + c * 0.1);
    const shift = Float32Array.from({ length: C }, (_, c) => c * 0.2 - 0.7);
    const [x, r, s, b] = [alloc(xs), alloc(res), alloc(scale), alloc(shift)];
    const [relu, linear, added] = [alloc(P * C), alloc(P * C), alloc(P * C)];
    k.affine_act(x.ptr, relu.ptr, s.ptr, b.ptr, P, C, 0);
    k.affine_act(x.ptr, linear.ptr, s.ptr, b.ptr, P, C, Number.NEGATIVE_INFINITY);
    k.affine_add_relu(x.ptr, r.ptr, added.ptr, s.ptr, b.ptr, P, C);
    xs.forEach((v, i) => {
      const y = Math.fround(v * (scale[channel(i)] as number)) + (shift[channel(i)] as number);
      expect(linear.view()[i]).toBeCloseTo(y, 5);
      expect(relu.view()[i]).toBeCloseTo(Math.max(0, y), 5);
      expect(added.view()[i]).toBeCloseTo(Math.max(0, y + (res[i] as number)), 5);
    });
  });

  it('masks and sums relu gradients, and computes the batch-norm input gradient', () => {
    const [dy1s, dy2s, ys] = [random(P * C, 5), random(P * C, 6), random(P * C, 7)];
    const [dy1, dy2, y, one, two] = [alloc(dy1s), alloc(dy2s), alloc(ys), alloc(P * C), alloc(P * C)];
    k.relu_grad(dy1.ptr, 0, y.ptr, one.ptr, P * C, 1);
    k.relu_grad(dy1.ptr, dy2.ptr, y.ptr, two.ptr, P * C, 2);
    ys.forEach((v, i) => {
      expect(one.view()[i]).toBe(v > 0 ? dy1s[i] : 0);
      expect(two.view()[i]).toBeCloseTo(v > 0 ? (dy1s[i] as number) + (dy2s[i] as number) : 0, 6);
    });
    const vec = (seed: number) => alloc(Float32Array.from({ length: C }, (_, c) => Math.cos(c + seed)));
    const [mean, k1, k2, k3, dx] = [vec(1), vec(2), vec(3), vec(4), alloc(P * C)];
    k.norm_input_grad(dy1.ptr, y.ptr, dx.ptr, mean.ptr, k1.ptr, k2.ptr, k3.ptr, P, C);
    ys.forEach((v, i) => {
      const c = channel(i);
      const want =
        (k1.view()[c] as number) * (dy1s[i] as number) +
        (k2.view()[c] as number) * (v - (mean.view()[c] as number)) +
        (k3.view()[c] as number);
      expect(dx.view()[i]).toBeCloseTo(want, 5);
    });
  });

  it('pools by channel mean and spreads the gradient back', () => {
    const B = 3;
    const xs = random(B * P * C, 8);
    const [x, y] = [alloc(xs), alloc(B * C)];
    k.pool_mean(x.ptr, y.ptr, B, P, C, 1 / P);
    for (let b = 0; b < B; b++)
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let p = 0; p < P; p++) sum += xs[(b * P + p) * C + c] as number;
        expect(y.view()[b * C + c]).toBeCloseTo(sum / P, 5);
      }
    const dx = alloc(B * P * C);
    k.pool_mean_grad(y.ptr, dx.ptr, B, P, C, 1 / P);
    for (let i = 0; i < B * P * C; i++) {
      const b = Math.floor(i / (P * C));
      expect(dx.view()[i]).toBeCloseTo((y.view()[b * C + channel(i)] as number) / P, 6);
    }
  });

  it('interleaves convolution phases back into an image', () => {
    const [B, Q, W, sh, sw, Ch, H, Wd] = [2, 3, 4, 2, 2, 3, 5, 7];
    const src = alloc(random(B * Q * W * sh * sw * Ch, 9));
    const dst = alloc(B * H * Wd * Ch);
    k.phases_to_space(src.ptr, dst.ptr, B, Q, W, sh, sw, Ch, H, Wd);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < Wd; w++)
          for (let c = 0; c < Ch; c++) {
            const from =
              (((b * Q + Math.floor(h / sh)) * W + Math.floor(w / sw)) * sh * sw + (h % sh) * sw + (w % sw)) *
                Ch +
              c;
            expect(dst.view()[((b * H + h) * Wd + w) * Ch + c]).toBe(src.view()[from]);
          }
  });
});
