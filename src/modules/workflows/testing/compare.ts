// Compares an execution's result with a test case's expectation (key order ignored, 1 equals 1.0).
import { type Json, jsonEquals } from '../asl/json.js';
import type { ExpectedResult } from './case-file.js';

export interface ActualResult {
  readonly status: string;
  readonly output?: Json;
  readonly error?: string | null;
  readonly cause?: string | null;
}

/** Undefined when they match, else the first difference in words. */
export function difference(expected: ExpectedResult, actual: ActualResult): string | undefined {
  if (expected.status !== actual.status) {
    const detail =
      actual.status === 'SUCCEEDED' ? '' : ` (${actual.error ?? 'no error'}: ${actual.cause ?? 'no cause'})`;
    return `status ${actual.status}${detail}, expected ${expected.status}`;
  }
  if (expected.status === 'SUCCEEDED') {
    if ('output' in expected && !jsonEquals(expected.output ?? null, actual.output ?? null)) {
      return `output ${JSON.stringify(actual.output)} differs from ${JSON.stringify(expected.output)}`;
    }
    return undefined;
  }
  if ('error' in expected && (expected.error ?? null) !== (actual.error ?? null)) {
    return `error ${JSON.stringify(actual.error ?? null)}, expected ${JSON.stringify(expected.error ?? null)}`;
  }
  if ('cause' in expected && (expected.cause ?? null) !== (actual.cause ?? null)) {
    return `cause ${JSON.stringify(actual.cause ?? null)}, expected ${JSON.stringify(expected.cause ?? null)}`;
  }
  return undefined;
}
