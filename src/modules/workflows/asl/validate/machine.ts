// Validates a state machine (top level, Parallel branch or Map processor): states, transitions, reachability.
import type { QueryLanguage } from '../definition.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { checkFields } from './checks.js';
import { at, type Reporter } from './diagnostics.js';
import { STATE_TYPES } from './fields.js';
import { checkState } from './states.js';

const MACHINE_FIELDS = new Set(['StartAt', 'States', 'Comment', 'ProcessorConfig']);
const MAX_NAME_LENGTH = 80;

export interface MachineCheck {
  readonly r: Reporter;
  readonly language: QueryLanguage;
  /** State names seen anywhere in the definition (names must be unique across it). */
  readonly names: Set<string>;
}

export function checkMachine(
  m: MachineCheck,
  where: string,
  node: Json | undefined,
  fields = MACHINE_FIELDS,
): void {
  const { r } = m;
  if (!isObject(node)) {
    r.schema(where, 'A state machine must be a JSON object with StartAt and States');
    return;
  }
  checkFields(r, where, node, fields, 'a state machine');
  const states = node.States;
  if (!isObject(states) || Object.keys(states).length === 0) {
    r.schema(at(where, 'States'), "The field 'States' must be a non-empty JSON object");
    return;
  }
  const edges = new Map<string, string[]>();
  for (const [name, state] of Object.entries(states)) {
    edges.set(name, checkOne(m, at(where, 'States', name), name, state, states));
  }
  if (typeof node.StartAt !== 'string')
    r.schema(at(where, 'StartAt'), "The field 'StartAt' must be the name of a state");
  else if (!Object.hasOwn(states, node.StartAt)) {
    r.error(
      at(where, 'StartAt'),
      'MISSING_TRANSITION_TARGET',
      `StartAt names the state '${node.StartAt}', which does not exist`,
    );
  } else reportUnreachable(r, where, node.StartAt, edges);
  const terminal = Object.values(states).some(
    (s) => isObject(s) && (s.End === true || s.Type === 'Succeed' || s.Type === 'Fail'),
  );
  if (!terminal)
    r.error(
      at(where, 'States'),
      'MISSING_END_STATE',
      'The state machine has no terminal state (End, Succeed or Fail)',
    );
}

/** Validates one state and returns the names it can transition to. */
function checkOne(m: MachineCheck, where: string, name: string, state: Json, states: JsonObject): string[] {
  const { r } = m;
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    r.error(where, 'INVALID_STATE_NAME', `State names must be 1 to ${MAX_NAME_LENGTH} characters long`);
  }
  if (m.names.has(name))
    r.error(where, 'DUPLICATE_STATE_NAME', `The state name '${name}' is used more than once`);
  m.names.add(name);
  if (!isObject(state)) {
    r.schema(where, 'A state must be a JSON object');
    return [];
  }
  if (typeof state.Type !== 'string' || !STATE_TYPES.has(state.Type)) {
    r.schema(
      at(where, 'Type'),
      `The state type ${JSON.stringify(state.Type)} is not one of ${[...STATE_TYPES].join(', ')}`,
    );
    return [];
  }
  const targets: string[] = [];
  checkState({
    r,
    where,
    name,
    state,
    language: stateLanguage(m, where, state),
    target: recordTarget(r, states, targets),
    machine: (location, node) => checkMachine(m, location, node),
  });
  return targets;
}

/** Checks that a transition names a state of this machine and records it for the reachability check. */
function recordTarget(r: Reporter, states: JsonObject, targets: string[]) {
  return (location: string, next: Json | undefined): void => {
    if (typeof next !== 'string') r.schema(location, 'A transition must name a state');
    else if (!Object.hasOwn(states, next))
      r.error(location, 'MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${next}`);
    else targets.push(next);
  };
}

function stateLanguage(m: MachineCheck, where: string, state: JsonObject): QueryLanguage {
  const own = state.QueryLanguage;
  if (own === undefined) return m.language;
  if (own !== 'JSONPath' && own !== 'JSONata') {
    m.r.schema(at(where, 'QueryLanguage'), "'QueryLanguage' must be JSONPath or JSONata");
    return m.language;
  }
  if (own === 'JSONPath' && m.language === 'JSONata') {
    m.r.schema(at(where, 'QueryLanguage'), 'A state cannot use JSONPath when its state machine uses JSONata');
  }
  return own;
}

function reportUnreachable(r: Reporter, where: string, start: string, edges: Map<string, string[]>): void {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const next of edges.get(stack.pop() as string) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  for (const name of edges.keys()) {
    if (!seen.has(name))
      r.error(
        at(where, 'States', name),
        'UNREACHABLE_STATE',
        `The state '${name}' is not reachable from StartAt`,
      );
  }
}
