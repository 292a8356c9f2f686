// The functions Step Functions adds to JSONata ($partition, $range, $hash, $random, $uuid, $parse), and pure
// replacements for the clock- and randomness-dependent built-ins ($now, $millis, $random, $shuffle).
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { type Json, parseJsonText } from '../json.js';
import { type RandomSource, seededRandom } from '../random.js';

type Fn = (...args: never[]) => unknown;

let fromMillis: ((millis: number, picture?: string, timezone?: string) => string) | undefined;

/** jsonata's own $fromMillis implementation, fetched once so $now can format our injected time. */
async function loadFromMillis(): Promise<NonNullable<typeof fromMillis>> {
  if (fromMillis === undefined) {
    const fn = (await jsonata('$fromMillis').evaluate({})) as {
      implementation: NonNullable<typeof fromMillis>;
    };
    fromMillis = fn.implementation;
  }
  return fromMillis;
}

const HASHES: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function fail(message: string): never {
  throw { code: 'D3137', message };
}

export async function awsFunctions(now: number, random: RandomSource): Promise<Record<string, Fn>> {
  const format = await loadFromMillis();
  return {
    now: (picture?: string, timezone?: string) => format(now, picture, timezone),
    millis: () => now,
    random: (seed?: number) => (seed === undefined ? random.next() : seededRandom(String(seed)).next()),
    uuid: () => random.uuid(),
    shuffle: (items: Json[] | undefined) => shuffle(items, random),
    partition,
    range,
    hash: (value: unknown, algorithm = 'SHA-256') => hashOf(value, algorithm),
    parse: (text: string) =>
      typeof text === 'string' ? parseJsonText(text) : fail('$parse expects a string'),
  };
}

function shuffle(items: Json[] | undefined, random: RandomSource): Json[] | undefined {
  if (items === undefined) return undefined;
  const out = Array.isArray(items) ? items.slice() : [items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as Json, out[i] as Json];
  }
  return out;
}

function partition(items: Json[], size: number): Json[] {
  if (!Array.isArray(items)) fail('$partition expects an array');
  if (!Number.isInteger(size) || size <= 0) fail('$partition expects a positive integer size');
  const chunks: Json[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function range(start: number, end: number, step = 1): number[] {
  if (![start, end, step].every(Number.isInteger) || step === 0)
    fail('$range expects integers and a non-zero step');
  const count = Math.floor((end - start) / step) + 1;
  if (count > 1000) fail('$range would produce more than 1000 items');
  return Array.from({ length: Math.max(0, count) }, (_, i) => start + i * step);
}

function hashOf(value: unknown, algorithm: string): string {
  const node = HASHES[algorithm];
  if (node === undefined) fail(`$hash does not support the algorithm '${algorithm}'`);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return createHash(node).update(text, 'utf8').digest('hex');
}
