// Public face of the SageMaker control plane: models, endpoint configs, endpoints and training jobs by SageMaker's rules.
export {
  createSageMakerControl,
  type SageMakerControl,
  type SageMakerControlDeps,
} from './control-service.js';
export { SAGEMAKER_CONTROL_ERROR_CODES, sagemakerControlError } from './errors.js';
export type { ListQuery } from './listing.js';
export type { ExecutionQuery } from './monitoring/executions.js';
export type { CreateJobDefinitionRequest } from './monitoring/job-definitions.js';
export type { MonitorPort, MonitorRun } from './monitoring/monitor-port.js';
export type { CreateScheduleRequest } from './monitoring/monitoring-schedules.js';
export type { Home } from './names.js';
export type {
  CreateEndpointConfigRequest,
  CreateModelRequest,
} from './resources.js';
export { sagemakerControlMigrations } from './schema.js';
export type { CreateTrainingJobRequest } from './training/training-operations.js';
