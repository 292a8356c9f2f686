// WebAssembly SIMD sources of the layout moves the convolution gradients need.
import type { WasmFunction } from './wasm-assembler.js';
import { copyRow, inc, whileLt } from './wat-helpers.js';

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
