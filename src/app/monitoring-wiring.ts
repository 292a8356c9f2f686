// Monitoring as the app runs it: its settings from the config, metrics fed by functions and workflows.
import { systemClock } from '../kernel/clock.js';
import type { Logger } from '../kernel/logger.js';
import type { FunctionsService } from '../modules/functions/index.js';
import {
  functionMetricsListener,
  invokeEndpointPredictors,
  MonitoringService,
} from '../modules/monitoring/index.js';
import type { ObjectStore } from '../modules/storage/index.js';
import type { WorkflowService } from '../modules/workflows/index.js';
import type { SqlDatabase } from '../platform/db/port.js';
import type { ResolvedConfig } from './config.js';
import { defaultCaptureDestination } from './inference-options.js';
import { localUrl } from './local-url.js';
import { workflowMetricsListener } from './workflow-metrics.js';

/** Monitoring over the store and database; endpoints answer through the server's InvokeEndpoint route. */
export function openMonitoring(
  config: ResolvedConfig,
  parts: {
    store: ObjectStore;
    database: SqlDatabase;
    logger: Logger;
    functions: FunctionsService;
    workflows: WorkflowService;
    monitoringFetch: typeof fetch;
  },
): MonitoringService {
  const { functions, workflows, monitoringFetch, ...shared } = parts;
  const settings = config.monitoring;
  const monitoring = new MonitoringService({
    ...shared,
    clock: systemClock,
    location: { bucket: config.data.bucket, prefix: 'monitoring' },
    defaultCapture: defaultCaptureDestination(config),
    defaultDataset: `s3://${config.data.bucket}/test.lst`,
    confidenceThreshold: settings.confidenceThreshold,
    predictors: invokeEndpointPredictors(localUrl(config.server), monitoringFetch),
    functions: {
      invoke: async (name, payload) => {
        const result = await functions.invoke(name, { payload });
        return result.error ? { ok: false, error: result.error.errorMessage } : { ok: true };
      },
    },
    workflows: {
      startExecution: ({ stateMachine, input, name }) =>
        workflows.executions.start({ stateMachineArn: stateMachine, input, ...(name ? { name } : {}) }),
    },
    metrics: {
      flushMs: settings.metricsFlushSeconds * 1000,
      retentionMs: settings.metricsRetentionDays * 86_400_000,
    },
    alarms: { evaluationMs: settings.alarmEvaluationSeconds * 1000 },
    scheduler: {
      pollMs: settings.schedulerPollSeconds * 1000,
      settleMs: settings.reportSettleSeconds * 1000,
    },
  });
  functions.addInvocationListener(functionMetricsListener(monitoring.metrics));
  workflows.addExecutionListener(workflowMetricsListener(monitoring.metrics));
  return monitoring;
}
