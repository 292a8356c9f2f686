// The error mapping Step Functions and the SageMaker control plane share: the service's own refusal as it is, a
// SconesError by the service's table of codes, then by its kind, and anything else a 500 that hides the cause.
import { isSconesError } from '../../kernel/errors.js';
import type { JsonWireError, WireError } from './json-target.js';

export interface CodedErrors {
  /** The service's JsonWireError subclass: only its own refusals pass as they are. */
  readonly own: abstract new (
    ...args: never[]
  ) => JsonWireError;
  /** SconesError codes to the service's `__type` (always a 400). */
  readonly types: Readonly<Record<string, string>>;
  /** The message of InternalFailure (the service's own wording). */
  readonly internalMessage: string;
}

export function codedWireError(error: unknown, errors: CodedErrors): WireError {
  if (error instanceof errors.own) return { type: error.type, message: error.message, status: error.status };
  if (isSconesError(error)) {
    const type = errors.types[error.code];
    if (type !== undefined) return { type, message: error.message, status: 400 };
    if (error.kind === 'unavailable')
      return { type: 'ServiceUnavailable', message: error.message, status: 503 };
    // Another module's refusal (a bad S3 URI, a model the registry refuses): the caller's request is invalid.
    if (error.kind !== 'internal')
      return { type: 'ValidationException', message: error.message, status: 400 };
  }
  return { type: 'InternalFailure', message: errors.internalMessage, status: 500 };
}
