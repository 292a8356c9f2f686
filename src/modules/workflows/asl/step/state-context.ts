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
import type { HistoryDetails, HistoryEvent, HistoryEventType, HistoryMode } from '../history.js';
import type { IntrinsicContext } from '../intrinsics/definition.js';
import { exceedsBytes, type Json, toJsonText } from '../json.js';
import { InlineBudget, type JsonataScope } from '../jsonata/evaluate.js';
import type { JsonataOffload } from '../jsonata/run.js';
import type { PathScope } from '../paths/json-path.js';
import { jsonExceedsBytes } from '../payload-size.js';
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
  /** The step's inline JSONata budget (with an offload port only: without one, everything runs inline). */
  private budget: InlineBudget | undefined;
  private iso: string | undefined;
  /** The last payload written as text (a state's output is usually the next state's input). */
  private textValue: Json | undefined;
  private textOfValue: string | undefined;
  /** The last payload checked against a size limit, when no text is written. */
  private checkedValue: Json | undefined;
  private checkedLimit = 0;
  private checkedExceeds = false;
  /** Whether history events are built; when not, ids are still assigned and chained. */
  readonly recording: boolean;
  /** The state in focus (set by `focus`; plain fields because they are read on every transition). */
  name = '';
  state: StateDefinition = { Type: '' };
  language: QueryLanguage = 'JSONPath';

  constructor(
    readonly definition: StateMachineDefinition,
    readonly run: RunState,
    readonly stamp: EventStamp,
    history: HistoryMode = 'full',
    private readonly offload?: JsonataOffload,
  ) {
    this.machine = machineAt(definition, run.scope);
    this.nextHistoryId = stamp.historyId;
    this.recording = history === 'full';
  }

  /** History events this step wrote (or, not recording, would have written). */
  get historyCount(): number {
    return this.nextHistoryId - this.stamp.historyId;
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

  /**
   * Appends a history event chained to the run's previous one; returns its id. Details whose payload text is
   * costly are passed as a function, called only when the history is recorded.
   */
  emit<K extends keyof HistoryDetails>(
    type: HistoryEventType,
    key?: K,
    details?: HistoryDetails[K] | (() => HistoryDetails[K]),
  ): number {
    const id = this.nextHistoryId++;
    if (this.recording) {
      const event: Record<string, unknown> = {
        id,
        previousEventId: this.run.lastEventId,
        timestamp: this.stamp.at,
        type,
      };
      if (key !== undefined) event[key] = typeof details === 'function' ? details() : details;
      this.history.push(event as HistoryEvent);
    }
    this.run.lastEventId = id;
    return id;
  }

  /** A payload's JSON text; the last one is remembered, as a state's output is written again as the next input. */
  text(value: Json): string {
    if (this.textOfValue === undefined || this.textValue !== value) {
      this.textOfValue = toJsonText(value);
      this.textValue = value;
    }
    return this.textOfValue;
  }

  /** Whether a payload's JSON text is over `limit` bytes (without writing the text when it is not recorded). */
  exceeds(value: Json, limit: number): boolean {
    if (this.recording) return exceedsBytes(this.text(value), limit);
    if (this.checkedValue !== value || this.checkedLimit !== limit) {
      this.checkedExceeds = jsonExceedsBytes(value, limit);
      this.checkedValue = value;
      this.checkedLimit = limit;
    }
    return this.checkedExceeds;
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
    return new StatePathScope(input, this, extras);
  }

  jsonataScope(states: Record<string, Json | undefined>, extras?: ContextExtras): JsonataScope {
    if (this.offload !== undefined) this.budget ??= new InlineBudget();
    return {
      states: Object.assign({}, states, { context: this.contextObject(extras) }),
      variables: this.variables(),
      now: this.stamp.at,
      random: this.random,
      ...(this.offload === undefined ? {} : { offload: this.offload, budget: this.budget as InlineBudget }),
    };
  }
}

/** What the paths of a state see (a class rather than closures: one is made for every path evaluated). */
class StatePathScope implements PathScope {
  constructor(
    readonly input: Json,
    private readonly ctx: StateContext,
    private readonly extras: ContextExtras | undefined,
  ) {}

  context(): Json {
    return this.ctx.contextObject(this.extras);
  }

  variable(name: string): Json | undefined {
    const run = this.ctx.run;
    if (Object.hasOwn(run.variables, name)) return run.variables[name];
    return Object.hasOwn(run.outerVariables, name) ? run.outerVariables[name] : undefined;
  }
}
