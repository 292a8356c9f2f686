// Validates the fields of one state (by type and query language).
import type { QueryLanguage } from '../definition.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { jsonataBody } from '../jsonata/evaluate.js';
import { parseResource } from '../task/resource.js';
import { parseTimestamp } from '../time.js';
import {
  checkExpression,
  checkFields,
  checkInteger,
  checkJsonata,
  checkPath,
  checkReferencePath,
  checkString,
  checkTemplate,
} from './checks.js';
import { checkChoices } from './choice.js';
import { at, type Reporter } from './diagnostics.js';
import { allowedFields } from './fields.js';
import { checkMapFields } from './map.js';
import { checkCatch, checkRetry } from './recovery.js';

export interface StateCheck {
  readonly r: Reporter;
  readonly where: string;
  readonly name: string;
  readonly state: JsonObject;
  readonly language: QueryLanguage;
  /** Records a transition target for reachability and existence checks. */
  readonly target: (location: string, next: Json | undefined) => void;
  /** Validates a nested machine (Parallel branch, Map item processor). */
  readonly machine: (location: string, node: Json | undefined) => void;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;
const JSONATA_FIELDS = [
  'Output',
  'Arguments',
  'Items',
  'ItemSelector',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Seconds',
  'Timestamp',
  'Error',
  'Cause',
];

export function checkState(c: StateCheck): void {
  const { r, where, state, language } = c;
  const type = state.Type as string;
  checkFields(r, where, state, allowedFields(type, language), `a ${language} ${type} state`);
  checkFlow(c, type);
  checkAssign(c);
  if (language === 'JSONata') {
    for (const field of JSONATA_FIELDS) if (field in state) checkJsonata(r, at(where, field), state[field]);
  } else {
    for (const field of ['InputPath', 'OutputPath']) {
      if (field in state) checkPath(r, at(where, field), state[field], field, true);
    }
    if ('ResultPath' in state) checkReferencePath(r, at(where, 'ResultPath'), state.ResultPath, 'ResultPath');
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector']) {
      if (field in state) checkTemplate(r, at(where, field), state[field]);
    }
  }
  if ('Retry' in state) checkRetry(r, at(where, 'Retry'), state.Retry as Json);
  if ('Catch' in state) checkCatch(r, at(where, 'Catch'), state.Catch as Json, language, c.target);
  TYPE_CHECKS[type]?.(c);
}

function checkFlow(c: StateCheck, type: string): void {
  const { r, where, state } = c;
  if (type === 'Choice' || type === 'Succeed' || type === 'Fail') return;
  const hasNext = 'Next' in state;
  const hasEnd = 'End' in state;
  if (hasEnd && state.End !== true) r.schema(at(where, 'End'), "The field 'End' must be true when present");
  if (hasNext === hasEnd) r.schema(where, `The state '${c.name}' must have exactly one of 'Next' or 'End'`);
  if (hasNext) c.target(at(where, 'Next'), state.Next);
}

function checkAssign(c: StateCheck): void {
  const { r, where, state, language } = c;
  if (!('Assign' in state)) return;
  const assign = state.Assign;
  if (!isObject(assign)) {
    r.schema(at(where, 'Assign'), "The field 'Assign' must be a JSON object of variable names");
    return;
  }
  for (const key of Object.keys(assign)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name))
      r.schema(at(where, 'Assign', key), `'${name}' is not a valid variable name`);
  }
  if (language === 'JSONata') checkJsonata(r, at(where, 'Assign'), assign);
  else checkTemplate(r, at(where, 'Assign'), assign);
}

function checkTask(c: StateCheck): void {
  const { r, where, state } = c;
  if (!('Resource' in state)) r.schema(where, "A Task state needs a 'Resource'");
  else if (typeof state.Resource !== 'string' || parseResource(state.Resource) === undefined) {
    r.error(
      at(where, 'Resource'),
      'INVALID_RESOURCE',
      `The resource ${JSON.stringify(state.Resource)} is not a valid Task resource ARN`,
    );
  }
  for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
    if (field in state && (c.language === 'JSONPath' || jsonataBody(state[field]) === undefined)) {
      checkInteger(r, at(where, field), state[field], field, 1);
    }
    if (`${field}Path` in state) {
      if (field in state) r.schema(where, `A Task state cannot have both '${field}' and '${field}Path'`);
      checkPath(r, at(where, `${field}Path`), state[`${field}Path`], `${field}Path`);
    }
  }
  const { TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat } = state;
  // AWS saves a heartbeat equal to the timeout (the ASL spec says smaller); only a longer one is refused.
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat > timeout) {
    r.schema(at(where, 'HeartbeatSeconds'), "'HeartbeatSeconds' must not be greater than 'TimeoutSeconds'");
  }
}

function checkWait(c: StateCheck): void {
  const { r, where, state } = c;
  const present = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter((f) => f in state);
  if (present.length !== 1) {
    r.schema(
      where,
      "A Wait state needs exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'",
    );
    return;
  }
  const field = present[0] as string;
  const value = state[field];
  if (c.language === 'JSONata' && jsonataBody(value) !== undefined) return;
  if (field === 'Seconds') checkInteger(r, at(where, field), value, field, 0);
  else if (field === 'SecondsPath' || field === 'TimestampPath') checkPath(r, at(where, field), value, field);
  else if (typeof value !== 'string' || parseTimestamp(value) === undefined) {
    r.schema(at(where, field), "The field 'Timestamp' must be an ISO-8601 timestamp");
  }
}

function checkFail(c: StateCheck): void {
  const { r, where, state } = c;
  for (const field of ['Error', 'Cause']) {
    const pathField = `${field}Path`;
    if (field in state && pathField in state)
      r.schema(where, `A Fail state cannot have both '${field}' and '${pathField}'`);
    if (field in state && c.language === 'JSONPath') checkString(r, at(where, field), state[field], field);
    if (pathField in state) checkExpression(r, at(where, pathField), state[pathField], pathField);
  }
}

function checkParallel(c: StateCheck): void {
  const branches = c.state.Branches;
  if (!Array.isArray(branches) || branches.length === 0) {
    c.r.schema(at(c.where, 'Branches'), "A Parallel state needs a non-empty 'Branches' array");
    return;
  }
  for (const [i, branch] of branches.entries()) c.machine(at(c.where, 'Branches', i), branch);
}

const TYPE_CHECKS: Readonly<Record<string, (c: StateCheck) => void>> = {
  Pass(c) {
    const result = c.state.Result;
    if (c.language === 'JSONPath' && isObject(result) && Object.keys(result).some((k) => k.endsWith('.$'))) {
      c.r.warn(
        at(c.where, 'Result'),
        'PASS_RESULT_IS_STATIC',
        'A Pass state Result is static: .$ fields in it are not evaluated',
      );
    }
  },
  Task: checkTask,
  Choice(c) {
    checkChoices(c.r, at(c.where, 'Choices'), c.state.Choices, c.language, c.target);
    if ('Default' in c.state) c.target(at(c.where, 'Default'), c.state.Default);
  },
  Wait: checkWait,
  Fail: checkFail,
  Parallel: checkParallel,
  Map(c) {
    checkMapFields(c.r, c.where, c.state, c.language, c.machine);
  },
};
