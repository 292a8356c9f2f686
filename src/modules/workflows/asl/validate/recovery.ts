// Validates Retry and Catch arrays.
import type { QueryLanguage } from '../definition.js';
import { StatesErrors } from '../errors.js';
import { isObject, type Json } from '../json.js';
import { checkFields, checkInteger, checkJsonata, checkReferencePath, checkTemplate } from './checks.js';
import { at, type Reporter } from './diagnostics.js';
import { catcherFields, RETRIER_FIELDS } from './fields.js';

export function checkRetry(r: Reporter, where: string, retry: Json): void {
  if (!Array.isArray(retry)) {
    r.schema(where, "The field 'Retry' must be an array of retriers");
    return;
  }
  for (const [i, retrier] of retry.entries()) {
    const loc = at(where, i);
    if (!isObject(retrier)) {
      r.schema(loc, 'A retrier must be a JSON object');
      continue;
    }
    checkFields(r, loc, retrier, RETRIER_FIELDS, 'a retrier');
    checkErrorEquals(r, loc, retrier.ErrorEquals, i === retry.length - 1);
    if ('IntervalSeconds' in retrier)
      checkInteger(r, at(loc, 'IntervalSeconds'), retrier.IntervalSeconds, 'IntervalSeconds', 1);
    if ('MaxAttempts' in retrier)
      checkInteger(r, at(loc, 'MaxAttempts'), retrier.MaxAttempts, 'MaxAttempts', 0);
    if ('MaxDelaySeconds' in retrier)
      checkInteger(r, at(loc, 'MaxDelaySeconds'), retrier.MaxDelaySeconds, 'MaxDelaySeconds', 1);
    if ('BackoffRate' in retrier && !(typeof retrier.BackoffRate === 'number' && retrier.BackoffRate >= 1)) {
      r.schema(at(loc, 'BackoffRate'), "The field 'BackoffRate' must be a number of at least 1.0");
    }
    if (
      'JitterStrategy' in retrier &&
      retrier.JitterStrategy !== 'FULL' &&
      retrier.JitterStrategy !== 'NONE'
    ) {
      r.schema(at(loc, 'JitterStrategy'), "The field 'JitterStrategy' must be FULL or NONE");
    }
  }
}

export function checkCatch(
  r: Reporter,
  where: string,
  catchers: Json,
  language: QueryLanguage,
  onTarget: (location: string, next: Json | undefined) => void,
): void {
  if (!Array.isArray(catchers)) {
    r.schema(where, "The field 'Catch' must be an array of catchers");
    return;
  }
  for (const [i, catcher] of catchers.entries()) {
    const loc = at(where, i);
    if (!isObject(catcher)) {
      r.schema(loc, 'A catcher must be a JSON object');
      continue;
    }
    checkFields(r, loc, catcher, catcherFields(language), 'a catcher');
    checkErrorEquals(r, loc, catcher.ErrorEquals, i === catchers.length - 1);
    onTarget(at(loc, 'Next'), catcher.Next);
    if ('ResultPath' in catcher)
      checkReferencePath(r, at(loc, 'ResultPath'), catcher.ResultPath, 'ResultPath');
    if (language === 'JSONata') {
      checkJsonata(r, at(loc, 'Output'), catcher.Output);
      checkJsonata(r, at(loc, 'Assign'), catcher.Assign);
    } else if ('Assign' in catcher) {
      checkTemplate(r, at(loc, 'Assign'), catcher.Assign);
    }
  }
}

function checkErrorEquals(r: Reporter, where: string, value: Json | undefined, last: boolean): void {
  const loc = at(where, 'ErrorEquals');
  if (!Array.isArray(value) || value.length === 0 || !value.every((e) => typeof e === 'string')) {
    r.schema(loc, "The field 'ErrorEquals' must be a non-empty array of error names");
    return;
  }
  if (value.includes(StatesErrors.ALL) && (value.length > 1 || !last)) {
    r.schema(loc, 'States.ALL must appear alone in ErrorEquals, and only in the last retrier or catcher');
  }
}
