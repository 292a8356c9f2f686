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

/** What one argument must be; `expected` words the type error as AWS does. */
export interface ArgKind<T extends Json> {
  readonly expected: string;
  accepts(value: Json): value is T;
}

export const ANY: ArgKind<Json> = { expected: 'any value', accepts: (_value): _value is Json => true };
export const STRING: ArgKind<string> = {
  expected: 'a string',
  accepts: (value): value is string => typeof value === 'string',
};
export const NUMBER: ArgKind<number> = {
  expected: 'a number',
  accepts: (value): value is number => typeof value === 'number',
};
export const INTEGER: ArgKind<number> = {
  expected: 'an integer',
  accepts: (value): value is number => typeof value === 'number' && Number.isInteger(value),
};
export const ARRAY: ArgKind<Json[]> = {
  expected: 'an array',
  accepts: (value): value is Json[] => Array.isArray(value),
};
export const BOOLEAN: ArgKind<boolean> = {
  expected: 'a boolean',
  accepts: (value): value is boolean => typeof value === 'boolean',
};

type ArgValues<Kinds extends readonly ArgKind<Json>[]> = {
  readonly [I in keyof Kinds]: Kinds[I] extends ArgKind<infer T> ? T : never;
};

/**
 * An intrinsic with a fixed list of arguments: the arity comes from `kinds`, and every argument is checked, in
 * order, before `body` sees the values typed.
 */
export function intrinsic<const Kinds extends readonly ArgKind<Json>[]>(
  name: string,
  kinds: Kinds,
  body: (values: ArgValues<Kinds>, context: IntrinsicContext) => Json,
): IntrinsicFunction {
  return {
    name,
    minArgs: kinds.length,
    maxArgs: kinds.length,
    apply(args, context) {
      const values = kinds.map((kind, i) => typedArg(name, args, i, kind));
      return body(values as ArgValues<Kinds>, context);
    },
  };
}

export function typedArg<T extends Json>(
  fn: string,
  args: readonly IntrinsicValue[],
  i: number,
  kind: ArgKind<T>,
): T {
  const arg = args[i];
  if (arg === undefined) throw intrinsicError(`Missing argument ${i + 1} of ${fn}`);
  const value = arg.value;
  if (kind.accepts(value)) return value;
  throw intrinsicError(
    `The ${fn} function expects argument ${i + 1} to be ${kind.expected}, but it was ${jsonTypeName(value)}: ${JSON.stringify(value)}`,
  );
}
