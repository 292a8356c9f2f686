// Alarms as a service: define, describe, delete, set state; evaluates every alarm against the metrics
// store on a timer (or when asked, with the injected clock) and runs actions on state changes.
import type { Kysely } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import { errorMessage } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/logger.js';
import type { SqlDatabase } from '../../../platform/db/port.js';
import { monitoringError } from '../errors.js';
import type { MetricQuery, MetricQueryResult } from '../metrics/metric-query.js';
import type { AlarmStateValue, MonitoringTables } from '../schema.js';
import type { ActionRunner } from './action-runner.js';
import { type AlarmAction, type AlarmDefinition, defineAlarm } from './alarm-definition.js';
import { evaluateAlarm, type PeriodValue } from './alarm-evaluation.js';
import { AlarmStore, type HistoryItem, type StateChange, type StoredAlarm } from './alarm-store.js';

export interface AlarmServiceOptions {
  readonly database: SqlDatabase;
  readonly metrics: { query(query: MetricQuery): Promise<MetricQueryResult> };
  readonly actions: ActionRunner;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often `start` evaluates every alarm. */
  readonly evaluationMs: number;
}

const MINUTE = 60_000;
const SET_STATE_ATTEMPTS = 5;

export class AlarmService {
  readonly #store: AlarmStore;
  #timer: NodeJS.Timeout | undefined;
  #evaluating: Promise<void> = Promise.resolve();

  constructor(private readonly options: AlarmServiceOptions) {
    this.#store = new AlarmStore(options.database.db as Kysely<MonitoringTables>);
  }

  /** PutMetricAlarm: creates the alarm (INSUFFICIENT_DATA) or replaces its definition, keeping its state. */
  async put(input: unknown): Promise<StoredAlarm> {
    const definition = defineAlarm(input);
    await this.#store.put(definition, this.options.clock.now());
    return this.get(definition.name);
  }

  async get(name: string): Promise<StoredAlarm> {
    const alarm = await this.#store.get(name);
    if (!alarm) throw monitoringError('NO_ALARM', `no alarm named ${name}`, { name });
    return alarm;
  }

  find(name: string): Promise<StoredAlarm | undefined> {
    return this.#store.get(name);
  }

  list(filter: { state?: AlarmStateValue; prefix?: string } = {}): Promise<StoredAlarm[]> {
    return this.#store.list(filter);
  }

  async delete(name: string): Promise<void> {
    if (!(await this.#store.delete(name)))
      throw monitoringError('NO_ALARM', `no alarm named ${name}`, { name });
  }

  history(
    name: string,
    options: { type?: HistoryItem['type']; limit?: number } = {},
  ): Promise<HistoryItem[]> {
    return this.#store.history(name, options);
  }

  /** Records the outcome of an alarm action in the alarm's history. */
  recordAction(name: string, summary: string, data: Readonly<Record<string, unknown>>): Promise<void> {
    return this.#store.appendAction(name, this.options.clock.now(), summary, data);
  }

  /** SetAlarmState: the state until the next evaluation, with its actions (to test them). */
  async setState(name: string, state: AlarmStateValue, reason: string): Promise<StoredAlarm> {
    // Another server may change the state between the read and the write: read again and retry then.
    for (let attempt = 0; attempt < SET_STATE_ATTEMPTS; attempt++) {
      const alarm = await this.get(name);
      if (await this.#transition(alarm, { state, reason, reasonData: {}, at: this.options.clock.now() }))
        break;
    }
    return this.get(name);
  }

  /** Evaluates every alarm (or one) now; evaluations never overlap. */
  evaluate(name?: string): Promise<void> {
    this.#evaluating = this.#evaluating.then(() => this.#evaluateNow(name));
    return this.#evaluating;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.evaluate(), this.options.evaluationMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#evaluating;
  }

  async #evaluateNow(name: string | undefined): Promise<void> {
    const alarms = name === undefined ? await this.#store.list() : [await this.get(name)];
    for (const alarm of alarms) {
      try {
        await this.#evaluateOne(alarm);
      } catch (error) {
        this.options.logger.error(
          { alarm: alarm.definition.name, err: errorMessage(error) },
          'alarm evaluation failed',
        );
      }
    }
  }

  async #evaluateOne(alarm: StoredAlarm): Promise<void> {
    const now = this.options.clock.now();
    const evaluation = evaluateAlarm(alarm.definition, await this.#periods(alarm.definition, now), now);
    if (evaluation.state === undefined || evaluation.state === alarm.state) {
      await this.#store.touch(
        alarm.definition.name,
        evaluation.state === undefined ? alarm.stateReason : evaluation.reason,
        evaluation.reasonData,
      );
      return;
    }
    await this.#transition(alarm, {
      state: evaluation.state,
      reason: evaluation.reason,
      reasonData: evaluation.reasonData,
      at: now,
    });
  }

  /** The last N periods, the newest ending with the current minute (so "over 5 minutes" slides by minute). */
  async #periods(alarm: AlarmDefinition, now: number): Promise<PeriodValue[]> {
    const periodMs = alarm.periodSeconds * 1000;
    const end = (Math.floor(now / MINUTE) + 1) * MINUTE;
    const start = end - alarm.evaluationPeriods * periodMs;
    const result = await this.options.metrics.query({
      namespace: alarm.namespace,
      name: alarm.metricName,
      dimensions: alarm.dimensions,
      start,
      end,
      periodSeconds: alarm.periodSeconds,
      statistics: [alarm.statistic],
    });
    const byStart = new Map(result.datapoints.map((d) => [d.timestamp, d.values[alarm.statistic]]));
    return Array.from({ length: alarm.evaluationPeriods }, (_, i) => {
      const periodStart = start + i * periodMs;
      return { start: periodStart, value: byStart.get(periodStart) };
    });
  }

  /** Changes the state unless another evaluation changed it first (then it runs no actions); true if it did. */
  async #transition(alarm: StoredAlarm, change: StateChange): Promise<boolean> {
    const { definition } = alarm;
    if (!(await this.#store.changeState(definition.name, alarm.state, change))) return false;
    if (!definition.actionsEnabled) return true;
    const previous = { state: alarm.state, reason: alarm.stateReason, at: alarm.stateUpdatedAt };
    this.options.actions.dispatch(
      { alarm: definition, previous, change },
      actionsFor(definition, change.state),
    );
    return true;
  }
}

function actionsFor(alarm: AlarmDefinition, state: AlarmStateValue): readonly AlarmAction[] {
  if (state === 'ALARM') return alarm.alarmActions;
  if (state === 'OK') return alarm.okActions;
  return alarm.insufficientDataActions;
}
