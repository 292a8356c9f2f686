// The step's working context: the run being advanced, the current state, and the history/command sinks.
import type { Command } from '../commands.js';
import {
  type Machine,
  machineAt,
  type QueryLanguage,
  type StateDefinition,
  type StateMachineDefinition,
  stateLanguage,
} from '../definition.js';
import type { EventStamp } from '../events.js';
import type { HistoryDetails, HistoryEvent, HistoryEventType } from '../history.js';
import type { IntrinsicContext } from '../intrinsics/definition.js';
import type { Json } from '../json.js';
import type { JsonataScope } from '../jsonata/evaluate.js';
import type { PathScope } from '../paths/json-path.js';
import { type RandomSource, seededRandom } from '../random.js';
import type { ActiveState, RunState } from '../run-state.js';
import { isoTime } from '../time.js';
import { type ContextExtras, contextObject } from './context-object.js';

export class StateContext implements IntrinsicContext {
  readonly machine: Machine;
  readonly history: HistoryEvent[] = [];
  readonly commands: Command[] = [];
  private nextHistoryId: number;
  private randomSource: RandomSource | undefined;
  private iso: string | undefined;
  /** The state in focus (set by `focus`; plain fields because they are read on every transition). */
  name = '';
  state: StateDefinition = { Type: '' };
  language: QueryLanguage = 'JSONPath';

  constructor(
    readonly definition: StateMachineDefinition,
    readonly run: RunState,
    readonly stamp: EventStamp,
  ) {
    this.machine = machineAt(definition, run.scope);
    this.nextHistoryId = stamp.historyId;
  }

  get now(): number {
    return this.stamp.at;
  }

  get random(): RandomSource {
    this.randomSource ??= seededRandom(`${this.stamp.entropy}/${this.run.runId}`);
    return this.randomSource;
  }

  /** Points the context at a state of the run's machine (on entering it, or on an event for it). */
  focus(name: string): void {
    const state = this.machine.states[name];
    if (state === undefined) throw new Error(`State '${name}' is not in the machine`);
    this.name = name;
    this.state = state;
    this.language = stateLanguage(this.machine, state);
  }

  get active(): ActiveState {
    const active = this.run.active;
    if (active === null) throw new Error('No active state');
    return active;
  }

  /** Appends a history event chained to the run's previous one; returns its id. */
  emit<K extends keyof HistoryDetails>(type: HistoryEventType, key?: K, details?: HistoryDetails[K]): number {
    const id = this.nextHistoryId++;
    const event: Record<string, unknown> = {
      id,
      previousEventId: this.run.lastEventId,
      timestamp: this.stamp.at,
      type,
    };
    if (key !== undefined) event[key] = details;
    this.history.push(event as HistoryEvent);
    this.run.lastEventId = id;
    return id;
  }

  command(command: Command): void {
    this.commands.push(command);
  }

  /** A run-unique id for a task, timer, child or storage request. */
  nextId(kind: string): string {
    this.run.seq += 1;
    return `${this.run.runId}/${kind}${this.run.seq}`;
  }

  /** The event time as ISO text (computed once per step: all of a step happens at the event's time). */
  isoNow(): string {
    this.iso ??= isoTime(this.stamp.at);
    return this.iso;
  }

  /** Variables visible here: enclosing scopes first, then this run's own. */
  variables(): Record<string, Json> {
    const outer = this.run.outerVariables;
    return Object.keys(outer).length === 0 ? this.run.variables : { ...outer, ...this.run.variables };
  }

  contextObject(extras?: ContextExtras): Json {
    return contextObject(this.run, this.run.active, extras);
  }

  pathScope(input: Json, extras?: ContextExtras): PathScope {
    const run = this.run;
    return {
      input,
      context: () => this.contextObject(extras),
      variable: (name) =>
        Object.hasOwn(run.variables, name)
          ? run.variables[name]
          : Object.hasOwn(run.outerVariables, name)
            ? run.outerVariables[name]
            : undefined,
    };
  }

  jsonataScope(states: Record<string, Json | undefined>, extras?: ContextExtras): JsonataScope {
    return {
      states: { ...states, context: this.contextObject(extras) },
      variables: this.variables(),
      now: this.stamp.at,
      random: this.random,
    };
  }
}
