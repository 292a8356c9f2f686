// Step Functions operations on executions: start (async and sync), stop, describe, list, history, task tokens,
// and TestState.
import type { HistoryEvent } from '../../../modules/workflows/index.js';
import { type Operation, page } from './machine-operations.js';
import { defined, type Members, seconds } from './wire.js';

/** Enumerations of the Step Functions API model, in its order (AWS lists them so in validation messages). */
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
const INSPECTION_LEVELS = ['INFO', 'DEBUG', 'TRACE'] as const;

function start(m: Members) {
  return defined({
    stateMachineArn: m.str('stateMachineArn'),
    name: m.optStr('name'),
    input: m.optStr('input'),
    traceHeader: m.optStr('traceHeader'),
  });
}

function dates<T extends { startDate: number; stopDate?: number }>(value: T) {
  return defined({
    ...value,
    startDate: seconds(value.startDate),
    stopDate: value.stopDate === undefined ? undefined : seconds(value.stopDate),
  });
}

export const executionOperations: Readonly<Record<string, Operation>> = {
  async StartExecution(service, m) {
    const started = await service.executions.start(start(m));
    return { executionArn: started.executionArn, startDate: seconds(started.startDate) };
  },

  async StartSyncExecution(service, m) {
    const run = await service.executions.startSync(start(m));
    const output = run.output === undefined ? undefined : JSON.stringify(run.output);
    return defined({
      executionArn: run.executionArn,
      stateMachineArn: run.stateMachineArn,
      name: run.name,
      startDate: seconds(run.startDate),
      stopDate: seconds(run.stopDate),
      status: run.status,
      error: run.error ?? undefined,
      cause: run.cause ?? undefined,
      input: run.input,
      inputDetails: { included: true },
      output,
      outputDetails: output === undefined ? undefined : { included: true },
      billingDetails: {
        billedMemoryUsedInMB: 64,
        billedDurationInMilliseconds: Math.max(100, Math.ceil((run.stopDate - run.startDate) / 100) * 100),
      },
    });
  },

  async StopExecution(service, m) {
    const stopped = await service.executions.stop(
      m.str('executionArn'),
      m.optStr('error'),
      m.optStr('cause'),
    );
    return { stopDate: seconds(stopped.stopDate) };
  },

  async DescribeExecution(service, m) {
    const execution = await service.queries.describe(m.str('executionArn'));
    return {
      ...dates(execution),
      inputDetails: { included: true },
      ...(execution.output === undefined ? {} : { outputDetails: { included: true } }),
      redriveStatus: 'NOT_REDRIVABLE',
    };
  },

  async ListExecutions(service, m) {
    const listed = await service.queries.list(
      defined({
        stateMachineArn: m.str('stateMachineArn'),
        statusFilter: m.optEnum('statusFilter', STATUSES),
        ...page(m),
      }),
    );
    return { ...listed, executions: listed.executions.map(dates) };
  },

  async GetExecutionHistory(service, m) {
    const history = await service.queries.history(
      defined({
        executionArn: m.str('executionArn'),
        ...page(m),
        reverseOrder: m.optBool('reverseOrder'),
        includeExecutionData: m.optBool('includeExecutionData'),
      }),
    );
    return { ...history, events: history.events.map(wireEvent) };
  },

  async SendTaskSuccess(service, m) {
    await service.tasks.sendTaskSuccess(m.str('taskToken'), m.str('output'));
    return {};
  },

  async SendTaskFailure(service, m) {
    await service.tasks.sendTaskFailure(m.str('taskToken'), m.optStr('error'), m.optStr('cause'));
    return {};
  },

  async SendTaskHeartbeat(service, m) {
    await service.tasks.sendTaskHeartbeat(m.str('taskToken'));
    return {};
  },

  async TestState(service, m) {
    return service.testState(
      defined({
        definition: m.str('definition'),
        stateName: m.optStr('stateName'),
        input: m.optStr('input'),
        variables: m.optStr('variables'),
        inspectionLevel: m.optEnum('inspectionLevel', INSPECTION_LEVELS),
      }),
    );
  },
};

function wireEvent(event: HistoryEvent): unknown {
  return { ...event, timestamp: seconds(event.timestamp) };
}
