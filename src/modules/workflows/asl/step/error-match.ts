// Which error names an ErrorEquals list matches, with the AWS wildcard rules.
import { StatesErrors } from '../errors.js';

/**
 * States.ALL and States.TaskFailed never match these; only naming them explicitly does. Otherwise, as the AWS
 * documentation puts it, States.TaskFailed matches any error name except States.Timeout (and heartbeat timeouts).
 */
const UNCATCHABLE_BY_WILDCARD = new Set<string>([StatesErrors.Runtime, StatesErrors.DataLimitExceeded]);

export function errorMatches(errorEquals: readonly string[], error: string | null): boolean {
  return errorEquals.some((pattern) => matchesOne(pattern, error));
}

function matchesOne(pattern: string, error: string | null): boolean {
  if (error === null) return pattern === StatesErrors.ALL;
  if (pattern === error) return true;
  if (UNCATCHABLE_BY_WILDCARD.has(error)) return false;
  if (pattern === StatesErrors.ALL) return true;
  if (pattern === StatesErrors.Timeout) return error === StatesErrors.HeartbeatTimeout;
  if (pattern === StatesErrors.TaskFailed) {
    return error !== StatesErrors.Timeout && error !== StatesErrors.HeartbeatTimeout;
  }
  return false;
}
