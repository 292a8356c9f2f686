// The request context policies are evaluated against: condition keys (case-insensitive) to lists of strings.
import type { VariableSource } from './pattern.js';

export type ContextScalar = string | number | boolean | Date;
export type ContextValue = ContextScalar | readonly ContextScalar[];
/** What callers pass: `{ 'aws:SourceIp': '10.0.0.1', 's3:prefix': 'train/', 'aws:TagKeys': ['a', 'b'] }`. */
export type ContextInput = Readonly<Record<string, ContextValue | undefined>>;

/** Lower-cased key -> values; a key that is absent from the map is absent from the request. */
export type ConditionContext = ReadonlyMap<string, readonly string[]>;

function scalarText(value: ContextScalar): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Later inputs override earlier ones key by key; `undefined` values are dropped. */
export function toConditionContext(...inputs: readonly ContextInput[]): ConditionContext {
  const context = new Map<string, readonly string[]>();
  for (const input of inputs) {
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      const list = Array.isArray(value) ? value : [value as ContextScalar];
      context.set(key.toLowerCase(), list.map(scalarText));
    }
  }
  return context;
}

/** Policy variables take single-valued keys only. */
export function variableSource(context: ConditionContext): VariableSource {
  return (lowerKey) => {
    const values = context.get(lowerKey);
    return values?.length === 1 ? values[0] : undefined;
  };
}
