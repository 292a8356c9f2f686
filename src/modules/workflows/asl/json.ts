// JSON value types and the small pure helpers the interpreter needs on them.
import { nestsDeeperThan } from '../../../kernel/json-depth.js';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deeper JSON text from outside (definitions, inputs, task results, StringToJson) is refused: the validator and the
 * interpreter walk values recursively, and real payloads are a few dozen levels deep at most.
 */
export const MAX_JSON_DEPTH = 512;

/** JSON.parse for text from outside: throws (as JSON.parse does for bad syntax) when it nests too deep. */
export function parseJsonText(text: string): Json {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new SyntaxError(`JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
  return JSON.parse(text) as Json;
}

/** Deep equality of JSON values; object key order is ignored and 1 equals 1.0. */
export function jsonEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEquals(item, b[i] as Json));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && jsonEquals(a[key] as Json, b[key] as Json));
  }
  return false;
}

/** The JSON type name AWS uses in messages: object, array, string, number, boolean, null. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Compact JSON text, as AWS writes payloads into history and causes. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** Whether a string's UTF-8 encoding exceeds `limit` bytes; short strings need no counting (≤ 3 bytes/unit). */
export function exceedsBytes(text: string, limit: number): boolean {
  return text.length * 3 > limit && utf8Length(text) > limit;
}

/** UTF-8 byte length of a string without allocating a buffer. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Turns any JS value (e.g. a JSONata result) into plain JSON, dropping undefined and functions like JSON does. */
export function toPlainJson(value: unknown): Json {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as Json);
}

/**
 * A shallow copy to add properties to. Not `{ ...value }`: on Node 20, adding a property to an object made by
 * spreading costs about 0.5 µs (the clone's map has no transitions), ten times this loop.
 */
export function copyObject(value: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(copy, key, value[key] as Json);
  return copy;
}

/** Sets an own data property, also for the key `__proto__` (plain assignment would change the prototype). */
export function setOwn(target: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
