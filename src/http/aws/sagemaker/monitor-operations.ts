// Model Monitor's control-plane operations: data-quality job definitions and monitoring schedules.
import type {
  CreateJobDefinitionRequest,
  CreateScheduleRequest,
  ExecutionQuery,
  SageMakerControl,
} from '../../../modules/sagemaker-control/index.js';
import { fromWireTimes } from './control-wire.js';

type Body = Readonly<Record<string, unknown>>;
type Operation = (control: SageMakerControl, body: Body) => Promise<object>;

const str = (body: Body, member: string) => body[member] as string;
const query = (body: Body) => fromWireTimes({ ...body }) as ExecutionQuery;
const empty = async (done: Promise<void>) => {
  await done;
  return {};
};

export const MONITOR_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateDataQualityJobDefinition: (c, b) => c.jobDefinitions.create(b as CreateJobDefinitionRequest),
  DescribeDataQualityJobDefinition: (c, b) => c.jobDefinitions.describe(str(b, 'JobDefinitionName')),
  DeleteDataQualityJobDefinition: (c, b) => empty(c.jobDefinitions.delete(str(b, 'JobDefinitionName'))),
  ListDataQualityJobDefinitions: (c, b) => c.jobDefinitions.list(query(b)),
  CreateMonitoringSchedule: (c, b) => c.schedules.create(b as CreateScheduleRequest),
  DescribeMonitoringSchedule: (c, b) => c.schedules.describe(str(b, 'MonitoringScheduleName')),
  DeleteMonitoringSchedule: (c, b) => empty(c.schedules.delete(str(b, 'MonitoringScheduleName'))),
  StopMonitoringSchedule: (c, b) => empty(c.schedules.stop(str(b, 'MonitoringScheduleName'))),
  StartMonitoringSchedule: (c, b) => empty(c.schedules.start(str(b, 'MonitoringScheduleName'))),
  ListMonitoringSchedules: (c, b) => c.schedules.list(query(b)),
  ListMonitoringExecutions: (c, b) => c.schedules.executions(query(b)),
};
