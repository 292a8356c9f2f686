// Validation diagnostics, shaped like AWS ValidateStateMachineDefinition's, each located by a JSON pointer.
import { escapePointer } from '../definition.js';

export type Severity = 'ERROR' | 'WARNING';

export type DiagnosticCode =
  | 'INVALID_JSON_DESCRIPTION'
  | 'MISSING_DESCRIPTION'
  | 'SCHEMA_VALIDATION_FAILED'
  | 'INVALID_RESOURCE'
  | 'MISSING_END_STATE'
  | 'DUPLICATE_STATE_NAME'
  | 'INVALID_STATE_NAME'
  | 'MISSING_TRANSITION_TARGET'
  | 'UNREACHABLE_STATE'
  | 'INVALID_JSON_PATH'
  | 'INVALID_INTRINSIC_FUNCTION'
  | 'INVALID_JSONATA'
  | 'NO_DOLLAR'
  | 'PASS_RESULT_IS_STATIC';

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  /** JSON pointer into the definition, e.g. `/States/Task1/Retry/0/ErrorEquals`. */
  readonly location: string;
}

/** Collects diagnostics; `at` builds child pointers so every check reports where it looked. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  error(location: string, code: DiagnosticCode, message: string): void {
    this.diagnostics.push({ severity: 'ERROR', code, message, location });
  }

  schema(location: string, message: string): void {
    this.error(location, 'SCHEMA_VALIDATION_FAILED', message);
  }

  warn(location: string, code: DiagnosticCode, message: string): void {
    this.diagnostics.push({ severity: 'WARNING', code, message, location });
  }
}

export function at(pointer: string, ...segments: (string | number)[]): string {
  return segments.reduce<string>((p, s) => `${p}/${escapePointer(String(s))}`, pointer);
}
