// Wires the SageMaker control plane from its ports: the database, the store, the registry and the endpoints.
import type { Clock } from '../../kernel/clock.js';
import { isSconesError } from '../../kernel/errors.js';
import type { Logger } from '../../kernel/logger.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import type { EndpointService } from '../inference/index.js';
import type { ModelRegistry } from '../models/index.js';
import type { ObjectStore } from '../storage/index.js';
import { EndpointOperations } from './endpoint-operations.js';
import { sagemakerControlError } from './errors.js';
import { ModelOperations } from './model-operations.js';
import { ModelSource } from './model-source.js';
import { BaselineExporter } from './monitoring/baseline-export.js';
import { JobDefinitionOperations } from './monitoring/job-definitions.js';
import type { MonitorPort } from './monitoring/monitor-port.js';
import { MonitoringScheduleOperations } from './monitoring/monitoring-schedules.js';
import { ReportExporter } from './monitoring/report-export.js';
import type { Home } from './names.js';
import { ResourceRepository } from './resource-repository.js';
import { TrainingLogRepository } from './training/job-log.js';
import { TrainingOperations } from './training/training-operations.js';

export interface SageMakerControlDeps {
  readonly database: SqlDatabase;
  readonly store: ObjectStore;
  readonly registry: ModelRegistry;
  readonly endpoints: EndpointService;
  /** Scones's monitoring, where Model Monitor schedules become endpoint schedules. */
  readonly monitor: MonitorPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly home: Home;
  /** Where models registered from a model.tar.gz keep their artifacts. */
  readonly modelsBucket: string;
}

export interface SageMakerControl {
  readonly home: Home;
  readonly models: ModelOperations;
  readonly endpoints: EndpointOperations;
  readonly source: ModelSource;
  readonly training: TrainingOperations;
  readonly jobDefinitions: JobDefinitionOperations;
  readonly schedules: MonitoringScheduleOperations;
}

export function createSageMakerControl(deps: SageMakerControlDeps): SageMakerControl {
  const repository = new ResourceRepository(deps.database, deps.clock);
  const models = new ModelOperations(repository, deps.home);
  const source = new ModelSource(deps.store, deps.registry, deps.modelsBucket);
  const endpoints = new EndpointOperations({
    repository,
    endpoints: deps.endpoints,
    models,
    source,
    home: deps.home,
  });
  const training = new TrainingOperations({
    repository,
    logs: new TrainingLogRepository(deps.database),
    store: deps.store,
    registry: deps.registry,
    source,
    clock: deps.clock,
    logger: deps.logger.child({ module: 'sagemaker-training' }),
    modelsBucket: deps.modelsBucket,
    home: deps.home,
  });
  const baselines = new BaselineExporter({
    repository,
    store: deps.store,
    monitor: deps.monitor,
    logger: deps.logger.child({ module: 'sagemaker-monitoring' }),
    endpointName: async (name) => {
      try {
        return (await endpoints.describeEndpoint(name)).EndpointName;
      } catch (error) {
        if (isSconesError(error) && error.code === sagemakerControlError.codes.RESOURCE_NOT_FOUND)
          return undefined;
        throw error;
      }
    },
  });
  deps.monitor.onBaseline((baseline) => baselines.exportBaseline(baseline));
  // Each needs the other: a definition a schedule names cannot be deleted; a schedule reads its definition.
  const jobDefinitions: JobDefinitionOperations = new JobDefinitionOperations(
    repository,
    deps.home,
    (name) => schedules.usesDefinition(name),
    baselines,
  );
  const schedules = new MonitoringScheduleOperations({
    repository,
    home: deps.home,
    definitions: jobDefinitions,
    monitor: deps.monitor,
    endpoint: async (name) => {
      const described = await endpoints.describeEndpoint(name);
      return { name: described.EndpointName, capture: described.DataCaptureConfig?.DestinationS3Uri };
    },
  });
  const exporter = new ReportExporter({ repository, definitions: jobDefinitions, store: deps.store });
  deps.monitor.onReport((report) => exporter.export(report));
  return { home: deps.home, models, endpoints, source, training, jobDefinitions, schedules };
}
