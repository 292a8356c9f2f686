// Typed access to a (validated) state machine definition and to the nested machines of Map and Parallel.
import { isObject, type Json, type JsonObject } from './json.js';

export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A state as written in the definition; fields are read by the handlers. */
export type StateDefinition = JsonObject & { readonly Type: string };

export interface StateMachineDefinition extends JsonObject {
  readonly StartAt: string;
  readonly States: JsonObject;
}

/** One machine: the top level, a Parallel branch, or a Map ItemProcessor/Iterator. */
export interface Machine {
  readonly startAt: string;
  readonly states: Readonly<Record<string, StateDefinition>>;
  /** The language of the whole definition; a state may override it. */
  readonly queryLanguage: QueryLanguage;
}

const machines = new WeakMap<object, Map<string, Machine>>();

/**
 * The machine at a JSON pointer ('' is the top level, `/States/M/ItemProcessor`, `/States/P/Branches/0`).
 * Throws when the pointer does not lead to a machine: callers only use pointers they built.
 */
export function machineAt(definition: StateMachineDefinition, scope: string): Machine {
  let byScope = machines.get(definition);
  if (byScope === undefined) {
    byScope = new Map();
    machines.set(definition, byScope);
  }
  let machine = byScope.get(scope);
  if (machine === undefined) {
    const node = resolvePointer(definition, scope);
    if (!isObject(node) || typeof node.StartAt !== 'string' || !isObject(node.States)) {
      throw new Error(`No state machine at '${scope}'`);
    }
    machine = {
      startAt: node.StartAt,
      states: node.States as Record<string, StateDefinition>,
      queryLanguage: definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath',
    };
    byScope.set(scope, machine);
  }
  return machine;
}

export function stateLanguage(machine: Machine, state: StateDefinition): QueryLanguage {
  const own = state.QueryLanguage;
  return own === 'JSONata' || own === 'JSONPath' ? own : machine.queryLanguage;
}

/** The JSON pointer of a Map state's item processor (ItemProcessor, or the legacy Iterator). */
export function itemProcessorScope(scope: string, stateName: string, state: StateDefinition): string {
  const field = isObject(state.ItemProcessor) ? 'ItemProcessor' : 'Iterator';
  return `${scope}/States/${escapePointer(stateName)}/${field}`;
}

export function branchScope(scope: string, stateName: string, index: number): string {
  return `${scope}/States/${escapePointer(stateName)}/Branches/${index}`;
}

export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function resolvePointer(root: Json, pointer: string): Json | undefined {
  if (pointer === '') return root;
  let node: Json | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}
