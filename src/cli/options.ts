// Parsers for CLI flag values: a bad value fails with a message naming the flag and what is allowed.
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return port;
}
