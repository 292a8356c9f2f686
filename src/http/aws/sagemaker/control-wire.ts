// The AWS JSON 1.1 wire of SageMaker's control plane: `{__type, message}` errors, epoch-second timestamps, and
// TypeBox request checks worded as SageMaker's validation words them.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { SAGEMAKER_CONTROL_ERROR_CODES as CODES } from '../../../modules/sagemaker-control/index.js';
import { codedWireError } from '../coded-wire-error.js';
import { JsonWireError, type WireError } from '../json-target.js';

/** An error already in SageMaker's terms (a request the protocol layer itself refuses). */
export class SageMakerWireError extends JsonWireError {}

const TYPES: Readonly<Record<string, string>> = {
  [CODES.VALIDATION]: 'ValidationException',
  [CODES.NOT_FOUND]: 'ValidationException',
  [CODES.RESOURCE_NOT_FOUND]: 'ResourceNotFound',
  [CODES.RESOURCE_IN_USE]: 'ResourceInUse',
  [CODES.LIMIT_EXCEEDED]: 'ResourceLimitExceeded',
};

export function wireError(error: unknown): WireError {
  return codedWireError(error, {
    own: SageMakerWireError,
    types: TYPES,
    internalMessage: 'An internal error occurred; see the server log.',
  });
}

/** Throws ValidationException for the first member that breaks `schema`. */
export function checkRequest(schema: TSchema, body: unknown): void {
  if (Value.Check(schema, body)) return;
  const first =
    [...Value.Errors(schema, body)].find((e) => e.keyword !== 'anyOf') ?? Value.Errors(schema, body)[0];
  if (!first) return;
  const params = first.params as { requiredProperties?: string[] };
  const path = memberPath(first.instancePath);
  if (first.keyword === 'required') {
    const member = memberPath(`${first.instancePath}/${params.requiredProperties?.[0] ?? ''}`);
    throw validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  throw validation(`Value at '${path}' failed to satisfy constraint: Member ${first.message}`);
}

function validation(detail: string): SageMakerWireError {
  return new SageMakerWireError('ValidationException', `1 validation error detected: ${detail}`);
}

/** `/ProductionVariants/0/ModelName` -> `productionVariants.1.member.modelName`, as SageMaker names members. */
function memberPath(pointer: string): string {
  return pointer
    .split('/')
    .filter((part) => part !== '')
    .map((part) =>
      /^\d+$/.test(part) ? `${Number(part) + 1}.member` : part.charAt(0).toLowerCase() + part.slice(1),
    )
    .join('.');
}

const TIME_MEMBERS = new Set([
  'CreationTime',
  'LastModifiedTime',
  'TrainingStartTime',
  'TrainingEndTime',
  'StartTime',
  'EndTime',
  'Timestamp',
  'ScheduledTime',
]);

/** Epoch milliseconds as the JSON protocol's timestamps (epoch seconds), wherever a time member appears. */
export function toWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      TIME_MEMBERS.has(key) && typeof member === 'number' ? member / 1000 : toWire(member),
    ]),
  );
}

/** List* members given as epoch seconds, read as the module's milliseconds. */
export function fromWireTimes<T extends Record<string, unknown>>(body: T): T {
  const copy: Record<string, unknown> = { ...body };
  for (const key of [
    'CreationTimeAfter',
    'CreationTimeBefore',
    'LastModifiedTimeAfter',
    'LastModifiedTimeBefore',
    'ScheduledTimeAfter',
    'ScheduledTimeBefore',
  ])
    if (typeof copy[key] === 'number') copy[key] = (copy[key] as number) * 1000;
  return copy as T;
}
