// The shape of one intrinsic function and the argument checks they share.
import { intrinsicError } from '../errors.js';
import { type Json, jsonTypeName } from '../json.js';
import type { RandomSource } from '../random.js';

export interface IntrinsicContext {
  readonly random: RandomSource;
}

/** An argument value plus, for string literals, its text before unescaping (States.Format needs it). */
export interface IntrinsicValue {
  readonly value: Json;
  readonly raw?: string;
}

export interface IntrinsicFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  apply(args: readonly IntrinsicValue[], context: IntrinsicContext): Json;
}

export function argAt(fn: string, args: readonly IntrinsicValue[], i: number): Json {
  const arg = args[i];
  if (arg === undefined) throw intrinsicError(`Missing argument ${i + 1} of ${fn}`);
  return arg.value;
}

function wrongType(fn: string, i: number, expected: string, value: Json): never {
  throw intrinsicError(
    `The ${fn} function expects argument ${i + 1} to be ${expected}, but it was ${jsonTypeName(value)}: ${JSON.stringify(value)}`,
  );
}

export function stringArg(fn: string, args: readonly IntrinsicValue[], i: number): string {
  const value = argAt(fn, args, i);
  return typeof value === 'string' ? value : wrongType(fn, i, 'a string', value);
}

export function numberArg(fn: string, args: readonly IntrinsicValue[], i: number): number {
  const value = argAt(fn, args, i);
  return typeof value === 'number' ? value : wrongType(fn, i, 'a number', value);
}

export function integerArg(fn: string, args: readonly IntrinsicValue[], i: number): number {
  const value = argAt(fn, args, i);
  return typeof value === 'number' && Number.isInteger(value) ? value : wrongType(fn, i, 'an integer', value);
}

export function arrayArg(fn: string, args: readonly IntrinsicValue[], i: number): Json[] {
  const value = argAt(fn, args, i);
  return Array.isArray(value) ? value : wrongType(fn, i, 'an array', value);
}

export function booleanArg(fn: string, args: readonly IntrinsicValue[], i: number): boolean {
  const value = argAt(fn, args, i);
  return typeof value === 'boolean' ? value : wrongType(fn, i, 'a boolean', value);
}
