// SageMaker control-plane operations: the request members each reads, the service call, and its answer.
import type {
  CreateEndpointConfigRequest,
  CreateModelRequest,
  CreateTrainingJobRequest,
  ListQuery,
  SageMakerControl,
} from '../../../modules/sagemaker-control/index.js';
import { fromWireTimes } from './control-wire.js';
import { MONITOR_OPERATIONS } from './monitor-operations.js';

type Body = Readonly<Record<string, unknown>>;
export type ControlOperation = (control: SageMakerControl, body: Body) => Promise<object>;

const str = (body: Body, member: string) => body[member] as string;
const list = (body: Body) => fromWireTimes({ ...body }) as ListQuery;
const empty = async (done: Promise<void>) => {
  await done;
  return {};
};

export const CONTROL_OPERATIONS: Readonly<Record<string, ControlOperation>> = {
  ...MONITOR_OPERATIONS,
  CreateModel: (c, b) => c.models.createModel(b as CreateModelRequest),
  DescribeModel: (c, b) => c.models.describeModel(str(b, 'ModelName')),
  DeleteModel: (c, b) => empty(c.models.deleteModel(str(b, 'ModelName'))),
  ListModels: (c, b) => c.models.listModels(list(b)),
  CreateEndpointConfig: (c, b) => c.models.createEndpointConfig(b as CreateEndpointConfigRequest),
  DescribeEndpointConfig: (c, b) => c.models.describeEndpointConfig(str(b, 'EndpointConfigName')),
  DeleteEndpointConfig: (c, b) => empty(c.models.deleteEndpointConfig(str(b, 'EndpointConfigName'))),
  ListEndpointConfigs: (c, b) => c.models.listEndpointConfigs(list(b)),
  CreateEndpoint: (c, b) => c.endpoints.createEndpoint(str(b, 'EndpointName'), str(b, 'EndpointConfigName')),
  UpdateEndpoint: (c, b) => c.endpoints.updateEndpoint(str(b, 'EndpointName'), str(b, 'EndpointConfigName')),
  DescribeEndpoint: (c, b) => c.endpoints.describeEndpoint(str(b, 'EndpointName')),
  DeleteEndpoint: (c, b) => empty(c.endpoints.deleteEndpoint(str(b, 'EndpointName'))),
  ListEndpoints: (c, b) => c.endpoints.listEndpoints(list(b)),
  CreateTrainingJob: (c, b) => c.training.createTrainingJob(b as CreateTrainingJobRequest),
  DescribeTrainingJob: (c, b) => c.training.describeTrainingJob(str(b, 'TrainingJobName')),
  ListTrainingJobs: (c, b) => c.training.listTrainingJobs(list(b)),
  StopTrainingJob: (c, b) => empty(c.training.stopTrainingJob(str(b, 'TrainingJobName'))),
};
