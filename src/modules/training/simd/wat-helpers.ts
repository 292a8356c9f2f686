// Text templates for the loops the SIMD kernel sources repeat.

/** `while (a < b) { body }` on i32 locals (unsigned compare). */
export const whileLt = (label: string, a: string, b: string, body: string): string => `
  block $${label}_done loop $${label}
    local.get ${a} local.get ${b} i32.ge_u br_if $${label}_done
    ${body}
    br $${label}
  end end`;

export const inc = (local: string, by: string): string =>
  `local.get ${local} ${by} i32.add local.set ${local}`;

/** Copies $rowbytes from `from` to `to`: by vectors when $vector is 1, else one float at a time. */
export const copyRow = (label: string, from: string, to: string): string => `
  local.get $vector if
    i32.const 0 local.set $k
    ${whileLt(`${label}v`, '$k', '$rowbytes', `local.get ${to} local.get $k i32.add local.get ${from} local.get $k i32.add v128.load v128.store ${inc('$k', 'i32.const 16')}`)}
  else
    i32.const 0 local.set $k
    ${whileLt(`${label}s`, '$k', '$rowbytes', `local.get ${to} local.get $k i32.add local.get ${from} local.get $k i32.add f32.load f32.store ${inc('$k', 'i32.const 4')}`)}
  end`;

/** Zeroes $rowbytes at `to`, by vectors when $vector is 1. */
export const zeroRow = (label: string, to: string, from: string): string => `
  local.get $vector if
    ${whileLt(`${label}v`, from, '$rowbytes', `local.get ${to} local.get ${from} i32.add f32.const 0 f32x4.splat v128.store ${inc(from, 'i32.const 16')}`)}
  else
    ${whileLt(`${label}s`, from, '$rowbytes', `local.get ${to} local.get ${from} i32.add f32.const 0 f32.store ${inc(from, 'i32.const 4')}`)}
  end`;
