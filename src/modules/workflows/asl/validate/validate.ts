// Validates a whole definition and reports every problem at once, like AWS ValidateStateMachineDefinition.
import type { QueryLanguage } from '../definition.js';
import { isObject, type Json, parseJsonText } from '../json.js';
import { checkInteger } from './checks.js';
import { at, type Diagnostic, Reporter } from './diagnostics.js';
import { checkMachine } from './machine.js';

/** Step Functions' limit on a definition's length. */
export const MAX_DEFINITION_CHARS = 1_048_576;

const TOP_FIELDS = new Set(['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage']);

export interface ValidationResult {
  readonly result: 'OK' | 'FAIL';
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates a parsed definition (or its JSON text). Never throws. */
export function validateDefinition(definition: unknown): ValidationResult {
  const r = new Reporter();
  const parsed = typeof definition === 'string' ? parse(r, definition) : (definition as Json);
  if (parsed !== undefined) checkTop(r, parsed);
  const failed = r.diagnostics.some((d) => d.severity === 'ERROR');
  return { result: failed ? 'FAIL' : 'OK', diagnostics: r.diagnostics };
}

function parse(r: Reporter, text: string): Json | undefined {
  if (text.trim() === '') {
    r.error('', 'MISSING_DESCRIPTION', 'The definition is empty');
    return undefined;
  }
  if (text.length > MAX_DEFINITION_CHARS) {
    r.schema(
      '',
      `The definition is ${text.length} characters long; at most ${MAX_DEFINITION_CHARS} are allowed`,
    );
    return undefined;
  }
  try {
    return parseJsonText(text);
  } catch (error) {
    r.error(
      '',
      'INVALID_JSON_DESCRIPTION',
      `The definition is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

function checkTop(r: Reporter, definition: Json): void {
  if (!isObject(definition)) {
    r.error('', 'INVALID_JSON_DESCRIPTION', 'The definition must be a JSON object');
    return;
  }
  let language: QueryLanguage = 'JSONPath';
  if ('QueryLanguage' in definition) {
    if (definition.QueryLanguage === 'JSONata' || definition.QueryLanguage === 'JSONPath')
      language = definition.QueryLanguage;
    else r.schema(at('', 'QueryLanguage'), "'QueryLanguage' must be JSONPath or JSONata");
  }
  if ('TimeoutSeconds' in definition)
    checkInteger(r, at('', 'TimeoutSeconds'), definition.TimeoutSeconds, 'TimeoutSeconds', 1);
  if ('Version' in definition && typeof definition.Version !== 'string')
    r.schema(at('', 'Version'), "'Version' must be a string");
  if ('Comment' in definition && typeof definition.Comment !== 'string')
    r.schema(at('', 'Comment'), "'Comment' must be a string");
  checkMachine({ r, language, names: new Set() }, '', definition, TOP_FIELDS);
}
