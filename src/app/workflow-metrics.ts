// Workflow executions into the metrics store, as Step Functions reports them to CloudWatch.
import { DIMENSIONS, type MetricsRecorder, NAMESPACES } from '../modules/monitoring/index.js';
import type { ExecutionListener } from '../modules/workflows/index.js';

const STATUS = {
  RUNNING: 'Started',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMED_OUT: 'TimedOut',
  ABORTED: 'Aborted',
} as const;

/** Workflow executions as Step Functions' CloudWatch metrics: Executions<Status>, and ExecutionTime in ms. */
export function workflowMetricsListener(metrics: MetricsRecorder): ExecutionListener {
  return {
    onExecution: ({ stateMachineName: stateMachine, status, stopDate, startDate, error }) => {
      metrics.workflowExecution({
        stateMachine,
        status: STATUS[status],
        ...(stopDate === undefined ? {} : { at: stopDate }),
        ...(error === undefined ? {} : { error }),
      });
      if (stopDate === undefined) return;
      metrics.put({
        namespace: NAMESPACES.workflows,
        name: 'ExecutionTime',
        dimensions: { [DIMENSIONS.stateMachine]: stateMachine },
        value: stopDate - startDate,
        at: stopDate,
        unit: 'Milliseconds',
      });
    },
  };
}
