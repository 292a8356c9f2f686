// CloudWatch Logs' JSON 1.1 errors (`{__type, message}`) and request members, read as the service reads them.
import { isSconesError } from '../../../kernel/errors.js';
import { JsonWireError } from '../json-target.js';

export class LogsError extends JsonWireError {}

export const groupNotFound = () =>
  new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
export const streamNotFound = () =>
  new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
export const invalidParameter = (message: string) => new LogsError('InvalidParameterException', message);

export function wireError(error: unknown): { status: number; type: string; message: string } {
  if (error instanceof LogsError) return { status: error.status, type: error.type, message: error.message };
  if (isSconesError(error) && error.kind === 'invalid')
    return { status: 400, type: 'InvalidParameterException', message: error.message };
  return {
    status: 500,
    type: 'ServiceUnavailableException',
    message: 'An internal error occurred; see the server log',
  };
}

export type Body = Readonly<Record<string, unknown>>;

export function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serialization(key);
  return value;
}

export function optionalNumber(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw serialization(key);
  return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serialization(key);
  return value;
}

export function optionalStrings(body: Body, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw serialization(key);
  return value as string[];
}

/** `limit` members: 1..max, as the API model constrains them (a ValidationException-style message). */
export function limitOf(body: Body, max: number, fallback: number): number {
  const limit = optionalNumber(body, 'limit');
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new LogsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  return limit;
}

/** The group a request names: `logGroupName`, or `logGroupIdentifier` (a name or an ARN). */
export function groupNameOf(body: Body): string {
  const name = optionalString(body, 'logGroupName');
  const identifier = optionalString(body, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined)
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  const given = name ?? identifier?.replace(/^arn:[^:]+:logs:[^:]*:\d*:log-group:/, '').replace(/:\*$/, '');
  if (given === undefined || given === '')
    throw invalidParameter('Either LogGroup name or LogGroup ARN must be provided.');
  return given;
}

function serialization(key: string): LogsError {
  return new LogsError('SerializationException', `Unexpected value for member ${key}`);
}
