// Payload size checks without the text agree with measuring the compact JSON text, at and around the limit.
import { describe, expect, it } from 'vitest';
import { exceedsBytes, type Json, toJsonText } from '../../../src/modules/workflows/asl/json.js';
import { jsonExceedsBytes } from '../../../src/modules/workflows/asl/payload-size.js';

const LIMIT = 262_144;

function agrees(value: Json, limit: number): void {
  expect(jsonExceedsBytes(value, limit)).toBe(exceedsBytes(toJsonText(value), limit));
}

/** A value whose JSON text is exactly `bytes` long, from a string of `unit` (1, 2, 3 or 4 UTF-8 bytes). */
function sized(bytes: number, unit: string): Json {
  const unitBytes = Buffer.byteLength(unit);
  const count = Math.floor((bytes - 9) / unitBytes);
  const padding = 'a'.repeat(bytes - 9 - count * unitBytes);
  return { s: unit.repeat(count) + padding };
}

describe('jsonExceedsBytes', () => {
  it.each([
    ['ASCII', 'a'],
    ['two-byte', 'é'],
    ['three-byte', '€'],
    ['surrogate pair', '😀'],
    ['escaped control', '\u0001'],
    ['escaped quote', '"'],
  ])('agrees with the text at the limit for %s strings', (_, unit) => {
    for (const delta of [-7, -1, 0, 1, 7]) agrees(sized(LIMIT + delta, unit), LIMIT);
  });

  it('agrees for nested values, numbers, booleans and nulls', () => {
    const item = { id: 1.5e-300, ok: true, none: null, tags: ['a', 'ü', -0, -2.2250738585072014e-308, 1e21] };
    const many = Array.from({ length: 4000 }, () => item);
    for (const limit of [0, 10, 1000, 100_000, LIMIT, 1_000_000]) {
      agrees(many, limit);
      agrees({ deep: { deeper: many } }, limit);
      agrees(item, limit);
      agrees('text', limit);
      agrees(42, limit);
      agrees(null, limit);
    }
  });

  it('agrees for values nested deeper than it walks', () => {
    let deep: Json = 'leaf';
    for (let i = 0; i < 2000; i++) deep = [deep];
    agrees(deep, 100);
    agrees(deep, LIMIT);
  });

  it('agrees for keys that need escaping and for __proto__ own keys', () => {
    const value = JSON.parse('{"__proto__": {"x": "y"}, "a\\"b": "\\u0000"}') as Json;
    for (const limit of [1, 20, 30, 40, 1000]) agrees(value, limit);
  });
});
