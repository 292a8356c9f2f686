// The AWS JSON 1.0 wire of Step Functions: request members, epoch-second dates, and `{__type, message}` errors.
import { codedWireError } from '../coded-wire-error.js';
import { JsonWireError, type WireError } from '../json-target.js';

/** An error already in Step Functions' terms (a request the protocol layer itself refuses). */
export class SfnError extends JsonWireError {}

const TYPES: Readonly<Record<string, string>> = {
  WORKFLOW_INVALID_DEFINITION: 'InvalidDefinition',
  WORKFLOW_INVALID_INPUT: 'InvalidExecutionInput',
  WORKFLOW_INVALID_OUTPUT: 'InvalidOutput',
  WORKFLOW_INVALID_NAME: 'InvalidName',
  WORKFLOW_INVALID_ARN: 'InvalidArn',
  WORKFLOW_INVALID_TOKEN: 'InvalidToken',
  WORKFLOW_INVALID_PAGE_TOKEN: 'InvalidToken',
  WORKFLOW_INVALID_PARAMETER: 'ValidationException',
  WORKFLOW_MISSING_PARAMETER: 'MissingRequiredParameter',
  WORKFLOW_TASK_TOKEN_NOT_FOUND: 'TaskDoesNotExist',
  WORKFLOW_EXECUTION_NOT_FOUND: 'ExecutionDoesNotExist',
  WORKFLOW_EXECUTION_EXISTS: 'ExecutionAlreadyExists',
  WORKFLOW_STATE_MACHINE_NOT_FOUND: 'StateMachineDoesNotExist',
  WORKFLOW_STATE_MACHINE_EXISTS: 'StateMachineAlreadyExists',
  WORKFLOW_STATE_MACHINE_TYPE_NOT_SUPPORTED: 'StateMachineTypeNotSupported',
  WORKFLOW_VERSION_NOT_FOUND: 'ResourceNotFound',
  WORKFLOW_ALIAS_NOT_FOUND: 'ResourceNotFound',
  WORKFLOW_CONFLICT: 'ConflictException',
};

/** The `__type`, message and status AWS would answer with; every client error of Step Functions is a 400. */
export function wireError(error: unknown): WireError {
  return codedWireError(error, {
    own: SfnError,
    types: TYPES,
    internalMessage: 'internal error; see the server log',
  });
}

/** Epoch milliseconds as the JSON protocol's timestamps: epoch seconds. */
export function seconds(millis: number): number {
  return millis / 1000;
}

/** Reads the members of a request body, refusing missing or mistyped ones like AWS's validation does. */
export class Members {
  constructor(private readonly body: Readonly<Record<string, unknown>>) {}

  str(name: string): string {
    const value = this.optStr(name);
    if (value === undefined) throw missing(name);
    return value;
  }

  optStr(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw invalid(name, 'a string');
    return value;
  }

  optNum(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') throw invalid(name, 'a number');
    return value;
  }

  /** A member of an enumeration; anything else is refused as AWS's model validation does, never ignored. */
  optEnum<const T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.optStr(name);
    if (value === undefined || (values as readonly string[]).includes(value)) return value as T | undefined;
    throw constraint(value, name, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }

  optBool(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw invalid(name, 'a boolean');
    return value;
  }

  /** A structure or list member, passed on as it is. */
  optAny(name: string): unknown {
    const value = this.body[name];
    return value === null ? undefined : value;
  }

  list<T>(name: string): T[] {
    const value = this.body[name];
    if (!Array.isArray(value)) throw value === undefined ? missing(name) : invalid(name, 'a list');
    return value as T[];
  }
}

function missing(name: string): SfnError {
  return new SfnError(
    'ValidationException',
    `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
  );
}

/** AWS's wording for a value that breaks a member's constraint. */
function constraint(value: string, name: string, rule: string): SfnError {
  return new SfnError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: ${rule}`,
  );
}

function invalid(name: string, what: string): SfnError {
  return new SfnError(
    'ValidationException',
    `1 validation error detected: Value at '${name}' must be ${what}`,
  );
}

/** Members that may be undefined become optional ones (for exactOptionalPropertyTypes). */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Leaves out undefined members, as AWS leaves out absent ones. */
export function defined<const T extends Record<string, unknown>>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}
