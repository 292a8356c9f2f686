// Flag parsers shared by the monitor, metrics and alarms commands.
import { InvalidArgumentError } from 'commander';

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (!(Number.isFinite(number) && number > 0)) throw new InvalidArgumentError('must be a positive number');
  return number;
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

export function finiteNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('must be a number');
  return number;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `2026-11-26T05:00:00Z` for tables. */
export function shortTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
