// WebAssembly SIMD sources of the parameter-free (subsample and zero-pad) residual shortcut.
import type { WasmFunction } from './wasm-assembler.js';
import { copyRow, inc, whileLt, zeroRow } from './wat-helpers.js';

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
