// WebAssembly SIMD sources of the training engine's memory-bound kernels (layout moves, batch norm, pooling).
import type { WasmFunction } from './wasm-assembler.js';

/** `while (a < b) { body }` on i32 locals (unsigned compare). */
export const whileLt = (label: string, a: string, b: string, body: string): string => `
  block $${label}_done loop $${label}
    local.get ${a} local.get ${b} i32.ge_u br_if $${label}_done
    ${body}
    br $${label}
  end end`;

export const inc = (local: string, by: string): string =>
  `local.get ${local} ${by} i32.add local.set ${local}`;

/** y[(c*HW+p)*B+b] = x[(b*HW+p)*C+c]: activations to the layout the filter gradient convolves. */
const transposeNhwcChwn: WasmFunction = {
  name: 'transpose_nhwc_chwn',
  params: [
    ['x', 'i32'],
    ['y', 'i32'],
    ['batch', 'i32'],
    ['pixels', 'i32'],
    ['channels', 'i32'],
  ],
  locals: [
    ['c', 'i32'],
    ['p', 'i32'],
    ['b', 'i32'],
    ['src', 'i32'],
    ['bstride', 'i32'],
  ],
  body: `
  local.get $pixels local.get $channels i32.mul i32.const 2 i32.shl local.set $bstride
  ${whileLt(
    'c',
    '$c',
    '$channels',
    `i32.const 0 local.set $p
    ${whileLt(
      'p',
      '$p',
      '$pixels',
      `local.get $x local.get $p local.get $channels i32.mul local.get $c i32.add i32.const 2 i32.shl i32.add
      local.set $src
      i32.const 0 local.set $b
      ${whileLt(
        'b',
        '$b',
        '$batch',
        `local.get $y local.get $src f32.load f32.store
        ${inc('$src', 'local.get $bstride')}
        ${inc('$y', 'i32.const 4')}
        ${inc('$b', 'i32.const 1')}`,
      )}
      ${inc('$p', 'i32.const 1')}`,
    )}
    ${inc('$c', 'i32.const 1')}`,
  )}`,
};

const UNPACK_LO = '0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23';
const UNPACK_HI = '8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31';
const MOVE_LH = '0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23';
const MOVE_HL = '8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31';

/** Same as transpose_nhwc_chwn with 4x4 register transposes; batch and channels must be multiples of 4. */
const transposeNhwcChwn4: WasmFunction = {
  name: 'transpose_nhwc_chwn4',
  params: transposeNhwcChwn.params,
  locals: [
    ['c', 'i32'],
    ['p', 'i32'],
    ['b', 'i32'],
    ['src', 'i32'],
    ['dst', 'i32'],
    ['bstride', 'i32'],
    ['cstride', 'i32'],
    ['t0', 'v128'],
    ['t1', 'v128'],
    ['t2', 'v128'],
    ['t3', 'v128'],
  ],
  body: `
  local.get $pixels local.get $channels i32.mul i32.const 2 i32.shl local.set $bstride
  local.get $pixels local.get $batch i32.mul i32.const 2 i32.shl local.set $cstride
  ${whileLt(
    'c',
    '$c',
    '$channels',
    `i32.const 0 local.set $p
    ${whileLt(
      'p',
      '$p',
      '$pixels',
      `local.get $x local.get $p local.get $channels i32.mul local.get $c i32.add i32.const 2 i32.shl i32.add
      local.set $src
      local.get $y local.get $c local.get $pixels i32.mul local.get $p i32.add local.get $batch i32.mul
      i32.const 2 i32.shl i32.add local.set $dst
      i32.const 0 local.set $b
      ${whileLt(
        'b',
        '$b',
        '$batch',
        `local.get $src v128.load
        local.get $src local.get $bstride i32.add v128.load
        i8x16.shuffle ${UNPACK_LO} local.set $t0
        local.get $src v128.load
        local.get $src local.get $bstride i32.add v128.load
        i8x16.shuffle ${UNPACK_HI} local.set $t1
        local.get $src local.get $bstride i32.const 1 i32.shl i32.add v128.load
        local.get $src local.get $bstride i32.const 3 i32.mul i32.add v128.load
        i8x16.shuffle ${UNPACK_LO} local.set $t2
        local.get $src local.get $bstride i32.const 1 i32.shl i32.add v128.load
        local.get $src local.get $bstride i32.const 3 i32.mul i32.add v128.load
        i8x16.shuffle ${UNPACK_HI} local.set $t3
        local.get $dst local.get $t0 local.get $t2 i8x16.shuffle ${MOVE_LH} v128.store
        local.get $dst local.get $cstride i32.add local.get $t0 local.get $t2 i8x16.shuffle ${MOVE_HL} v128.store
        local.get $dst local.get $cstride i32.const 1 i32.shl i32.add
        local.get $t1 local.get $t3 i8x16.shuffle ${MOVE_LH} v128.store
        local.get $dst local.get $cstride i32.const 3 i32.mul i32.add
        local.get $t1 local.get $t3 i8x16.shuffle ${MOVE_HL} v128.store
        ${inc('$src', 'local.get $bstride i32.const 2 i32.shl')}
        ${inc('$dst', 'i32.const 16')}
        ${inc('$b', 'i32.const 4')}`,
      )}
      ${inc('$p', 'i32.const 1')}`,
    )}
    ${inc('$c', 'i32.const 4')}`,
  )}`,
};

/** Copies $rowbytes from `from` to `to`: by vectors when $vector is 1, else one float at a time. */
const copyRow = (label: string, from: string, to: string): string => `
  local.get $vector if
    i32.const 0 local.set $k
    ${whileLt(`${label}v`, '$k', '$rowbytes', `local.get ${to} local.get $k i32.add local.get ${from} local.get $k i32.add v128.load v128.store ${inc('$k', 'i32.const 16')}`)}
  else
    i32.const 0 local.set $k
    ${whileLt(`${label}s`, '$k', '$rowbytes', `local.get ${to} local.get $k i32.add local.get ${from} local.get $k i32.add f32.load f32.store ${inc('$k', 'i32.const 4')}`)}
  end`;

/** y[(p*B+b)*C+c] = x[(b*HW+p)*C+c]: output gradients to the layout used as the filter-gradient "filter". */
const transposeNhwcHwnc: WasmFunction = {
  name: 'transpose_nhwc_hwnc',
  params: transposeNhwcChwn.params,
  locals: [
    ['p', 'i32'],
    ['b', 'i32'],
    ['k', 'i32'],
    ['src', 'i32'],
    ['dst', 'i32'],
    ['rowbytes', 'i32'],
    ['bstride', 'i32'],
    ['vector', 'i32'],
  ],
  body: `
  local.get $channels i32.const 2 i32.shl local.set $rowbytes
  local.get $pixels local.get $rowbytes i32.mul local.set $bstride
  local.get $channels i32.const 3 i32.and i32.eqz local.set $vector
  local.get $y local.set $dst
  ${whileLt(
    'p',
    '$p',
    '$pixels',
    `local.get $x local.get $p local.get $rowbytes i32.mul i32.add local.set $src
    i32.const 0 local.set $b
    ${whileLt(
      'b',
      '$b',
      '$batch',
      `${copyRow('row', '$src', '$dst')}
      ${inc('$src', 'local.get $bstride')}
      ${inc('$dst', 'local.get $rowbytes')}
      ${inc('$b', 'i32.const 1')}`,
    )}
    ${inc('$p', 'i32.const 1')}`,
  )}`,
};

/**
 * dst[b, h, w, :] = src[b, h/sh, w/sw, ((h%sh)*sw + w%sw)*C : +C] for h < H, w < W: interleaves the phases of a
 * strided transposed convolution back into an image.
 */
const phasesToSpace: WasmFunction = {
  name: 'phases_to_space',
  params: [
    ['src', 'i32'],
    ['dst', 'i32'],
    ['batch', 'i32'],
    ['rows', 'i32'],
    ['cols', 'i32'],
    ['sh', 'i32'],
    ['sw', 'i32'],
    ['channels', 'i32'],
    ['height', 'i32'],
    ['width', 'i32'],
  ],
  locals: [
    ['b', 'i32'],
    ['h', 'i32'],
    ['w', 'i32'],
    ['k', 'i32'],
    ['rowbase', 'i32'],
    ['from', 'i32'],
    ['rowbytes', 'i32'],
    ['vector', 'i32'],
  ],
  body: `
  local.get $channels i32.const 2 i32.shl local.set $rowbytes
  local.get $channels i32.const 3 i32.and i32.eqz local.set $vector
  ${whileLt(
    'b',
    '$b',
    '$batch',
    `i32.const 0 local.set $h
    ${whileLt(
      'h',
      '$h',
      '$height',
      `;; index of (b, h/sh, 0, (h%sh)*sw) in phase units of C floats
      local.get $b local.get $rows i32.mul local.get $h local.get $sh i32.div_u i32.add
      local.get $cols i32.mul local.get $sh i32.mul local.get $sw i32.mul
      local.get $h local.get $sh i32.rem_u local.get $sw i32.mul i32.add local.set $rowbase
      i32.const 0 local.set $w
      ${whileLt(
        'w',
        '$w',
        '$width',
        `local.get $rowbase local.get $w local.get $sw i32.div_u local.get $sh i32.mul local.get $sw i32.mul i32.add
        local.get $w local.get $sw i32.rem_u i32.add local.get $rowbytes i32.mul local.get $src i32.add local.set $from
        ${copyRow('px', '$from', '$dst')}
        ${inc('$dst', 'local.get $rowbytes')}
        ${inc('$w', 'i32.const 1')}`,
      )}
      ${inc('$h', 'i32.const 1')}`,
    )}
    ${inc('$b', 'i32.const 1')}`,
  )}`,
};

export const LAYOUT_KERNELS: readonly WasmFunction[] = [
  transposeNhwcChwn,
  transposeNhwcChwn4,
  transposeNhwcHwnc,
  phasesToSpace,
];

/** Zeroes $rowbytes at `to`, by vectors when $vector is 1. */
const zeroRow = (label: string, to: string, from: string): string => `
  local.get $vector if
    ${whileLt(`${label}v`, from, '$rowbytes', `local.get ${to} local.get ${from} i32.add f32.const 0 f32x4.splat v128.store ${inc(from, 'i32.const 16')}`)}
  else
    ${whileLt(`${label}s`, from, '$rowbytes', `local.get ${to} local.get ${from} i32.add f32.const 0 f32.store ${inc(from, 'i32.const 4')}`)}
  end`;

/**
 * y[b, i, j, c] = x[b, i*s, j*s, c] for c < cin, else 0 (y has cout channels): the parameter-free shortcut of
 * a residual block that subsamples and widens (option A of the CIFAR ResNets).
 */
const shortcutPad: WasmFunction = {
  name: 'shortcut_pad',
  params: [
    ['x', 'i32'],
    ['y', 'i32'],
    ['batch', 'i32'],
    ['height', 'i32'],
    ['width', 'i32'],
    ['cin', 'i32'],
    ['cout', 'i32'],
    ['stride', 'i32'],
  ],
  locals: [
    ['b', 'i32'],
    ['i', 'i32'],
    ['j', 'i32'],
    ['k', 'i32'],
    ['src', 'i32'],
    ['rowbytes', 'i32'],
    ['outbytes', 'i32'],
    ['vector', 'i32'],
  ],
  body: `
  local.get $cin i32.const 2 i32.shl local.set $rowbytes
  local.get $cout i32.const 2 i32.shl local.set $outbytes
  local.get $cin local.get $cout i32.or i32.const 3 i32.and i32.eqz local.set $vector
  ${whileLt(
    'b',
    '$b',
    '$batch',
    `i32.const 0 local.set $i
    ${whileLt(
      'i',
      '$i',
      '$height',
      `i32.const 0 local.set $j
      ${whileLt(
        'j',
        '$j',
        '$width',
        `local.get $b local.get $height i32.mul local.get $i i32.add local.get $width i32.mul local.get $j i32.add
        local.get $rowbytes i32.mul local.get $x i32.add local.set $src
        ${copyRow('cp', '$src', '$y')}
        local.get $rowbytes local.set $k
        local.get $outbytes local.set $rowbytes
        ${zeroRow('zp', '$y', '$k')}
        local.get $cin i32.const 2 i32.shl local.set $rowbytes
        ${inc('$y', 'local.get $outbytes')}
        ${inc('$j', 'local.get $stride')}`,
      )}
      ${inc('$i', 'local.get $stride')}`,
    )}
    ${inc('$b', 'i32.const 1')}`,
  )}`,
};

/** The gradient of shortcut_pad: dx[b, h, w, c] = dy[b, h/s, w/s, c] where h and w are multiples of s, else 0. */
const shortcutPadGrad: WasmFunction = {
  name: 'shortcut_pad_grad',
  params: shortcutPad.params.map(([n, t]) => [n === 'x' ? 'dy' : n === 'y' ? 'dx' : n, t] as const),
  locals: [
    ['b', 'i32'],
    ['h', 'i32'],
    ['w', 'i32'],
    ['k', 'i32'],
    ['src', 'i32'],
    ['rowbytes', 'i32'],
    ['outbytes', 'i32'],
    ['vector', 'i32'],
    ['rows', 'i32'],
    ['cols', 'i32'],
  ],
  body: `
  local.get $cin i32.const 2 i32.shl local.set $rowbytes
  local.get $cout i32.const 2 i32.shl local.set $outbytes
  local.get $cin i32.const 3 i32.and i32.eqz local.set $vector
  local.get $height local.get $stride i32.add i32.const 1 i32.sub local.get $stride i32.div_u local.set $rows
  local.get $width local.get $stride i32.add i32.const 1 i32.sub local.get $stride i32.div_u local.set $cols
  ${whileLt(
    'b',
    '$b',
    '$batch',
    `i32.const 0 local.set $h
    ${whileLt(
      'h',
      '$h',
      '$height',
      `i32.const 0 local.set $w
      ${whileLt(
        'w',
        '$w',
        '$width',
        `local.get $h local.get $stride i32.rem_u local.get $w local.get $stride i32.rem_u i32.or i32.eqz if
          local.get $b local.get $rows i32.mul local.get $h local.get $stride i32.div_u i32.add local.get $cols i32.mul
          local.get $w local.get $stride i32.div_u i32.add local.get $outbytes i32.mul local.get $dy i32.add local.set $src
          ${copyRow('cp', '$src', '$dx')}
        else
          i32.const 0 local.set $k
          ${zeroRow('zr', '$dx', '$k')}
        end
        ${inc('$dx', 'local.get $rowbytes')}
        ${inc('$w', 'i32.const 1')}`,
      )}
      ${inc('$h', 'i32.const 1')}`,
    )}
    ${inc('$b', 'i32.const 1')}`,
  )}`,
};

export const SHORTCUT_KERNELS: readonly WasmFunction[] = [shortcutPad, shortcutPadGrad];
