// Runs alarm actions off the evaluation path: a log line, a webhook POST retried with exponential backoff,
// a function invocation or a workflow start. Every outcome lands in the alarm's history.
import { errorMessage } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/logger.js';
import { monitoringError } from '../errors.js';
import type { FunctionInvoker, WorkflowStarter } from '../ports.js';
import type { AlarmAction } from './alarm-definition.js';
import { lambdaAlarmEvent, snsAlarmMessage, type Transition } from './notifications.js';

export interface ActionRunnerOptions {
  readonly logger: Logger;
  readonly functions?: FunctionInvoker;
  readonly workflows?: WorkflowStarter;
  /** Waits between webhook attempts; the attempts are one more than its length. Default 1, 2, 4, 8, 16 s. */
  readonly retryDelaysMs?: readonly number[];
  readonly webhookTimeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Called with each action's outcome, to record it. */
  readonly onOutcome: (
    alarmName: string,
    summary: string,
    data: Readonly<Record<string, unknown>>,
  ) => Promise<void>;
}

const DEFAULT_DELAYS = [1000, 2000, 4000, 8000, 16000];

export class ActionRunner {
  readonly #running = new Set<Promise<void>>();
  /** Pending backoff waits: closing wakes them so their attempts give up. */
  readonly #waits = new Map<NodeJS.Timeout, () => void>();
  #closed = false;

  constructor(private readonly options: ActionRunnerOptions) {}

  /** Starts the actions and returns at once; evaluation never waits for them. */
  dispatch(transition: Transition, actions: readonly AlarmAction[]): void {
    for (const action of actions) {
      const run = this.#run(transition, action).finally(() => this.#running.delete(run));
      this.#running.add(run);
    }
  }

  /** Resolves when every action started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Cancels pending retries and waits for attempts in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const [timer, wake] of this.#waits) {
      clearTimeout(timer);
      wake();
    }
    this.#waits.clear();
    await this.idle();
  }

  async #run(transition: Transition, action: AlarmAction): Promise<void> {
    const name = transition.alarm.name;
    try {
      const detail = await this.#perform(transition, action);
      await this.options.onOutcome(name, `${action.type} action succeeded`, { action, ...detail });
    } catch (error) {
      this.options.logger.warn({ alarm: name, action, err: errorMessage(error) }, 'alarm action failed');
      await this.options
        .onOutcome(name, `${action.type} action failed`, { action, error: errorMessage(error) })
        .catch(() => {});
    }
  }

  async #perform(transition: Transition, action: AlarmAction): Promise<Record<string, unknown>> {
    const { alarm, previous, change } = transition;
    switch (action.type) {
      case 'log':
        this.options.logger.warn(
          { alarm: alarm.name, from: previous.state, to: change.state, reason: change.reason },
          `alarm ${alarm.name} is ${change.state}`,
        );
        return {};
      case 'webhook':
        return this.#webhook(action.url, JSON.stringify(snsAlarmMessage(transition)));
      case 'function': {
        if (!this.options.functions)
          throw monitoringError('ACTION_UNAVAILABLE', 'no function runtime is wired');
        const result = await this.options.functions.invoke(
          action.name,
          JSON.stringify(lambdaAlarmEvent(transition)),
        );
        if (!result.ok) throw new Error(`function ${action.name} failed: ${result.error ?? 'unknown error'}`);
        return {};
      }
      case 'workflow': {
        if (!this.options.workflows)
          throw monitoringError('ACTION_UNAVAILABLE', 'no workflow engine is wired');
        const started = await this.options.workflows.startExecution({
          stateMachine: action.stateMachine,
          input: JSON.stringify(lambdaAlarmEvent(transition)),
        });
        return { executionArn: started.executionArn };
      }
    }
  }

  async #webhook(url: string, body: string): Promise<Record<string, unknown>> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_DELAYS;
    const post = this.options.fetch ?? fetch;
    let lastError = '';
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await this.#sleep(delays[attempt - 1] as number);
      if (this.#closed) break;
      try {
        const response = await post(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.options.webhookTimeoutMs ?? 5000),
        });
        await response.arrayBuffer();
        if (response.ok) return { status: response.status, attempts: attempt + 1 };
        lastError = `HTTP ${response.status}`;
      } catch (error) {
        lastError = errorMessage(error);
      }
    }
    throw new Error(`webhook ${url} failed after retries: ${lastError}`);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waits.delete(timer);
        resolve();
      }, ms);
      this.#waits.set(timer, resolve);
    });
  }
}
