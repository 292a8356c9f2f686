// Request shapes of Model Monitor's operations (TypeBox), checked as SageMaker's model validation does.
import { type TSchema, Type } from 'typebox';
import { ListMembers } from './control-schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 63 });
const S3Uri = Type.String({ maxLength: 1024, pattern: '^(https|s3)://' });
const Tags = Type.Optional(
  Type.Array(Type.Object({ Key: Type.String(), Value: Type.String() }), { maxItems: 50 }),
);
const Optional = <T extends TSchema>(schema: T) => Type.Optional(schema);
const Literals = (values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const ScheduleName = Type.Object({ MonitoringScheduleName: Name });
const DefinitionName = Type.Object({ JobDefinitionName: Name });

const TimeFilters = {
  LastModifiedTimeAfter: Optional(Type.Number()),
  LastModifiedTimeBefore: Optional(Type.Number()),
};

const MonitoringType = Literals(['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability']);

export const MONITOR_SCHEMAS: Readonly<Record<string, TSchema>> = {
  CreateDataQualityJobDefinition: Type.Object({
    JobDefinitionName: Name,
    DataQualityBaselineConfig: Optional(
      Type.Object({
        BaseliningJobName: Optional(Type.String()),
        ConstraintsResource: Optional(Type.Object({ S3Uri: Optional(S3Uri) })),
        StatisticsResource: Optional(Type.Object({ S3Uri: Optional(S3Uri) })),
      }),
    ),
    DataQualityAppSpecification: Type.Object({ ImageUri: Type.String({ maxLength: 255 }) }),
    DataQualityJobInput: Type.Object({
      EndpointInput: Optional(Type.Object({ EndpointName: Name, LocalPath: Type.String() })),
      BatchTransformInput: Optional(Type.Object({})),
    }),
    DataQualityJobOutputConfig: Type.Object({
      MonitoringOutputs: Type.Array(
        Type.Object({ S3Output: Type.Object({ S3Uri, LocalPath: Type.String() }) }),
        { minItems: 1, maxItems: 1 },
      ),
      KmsKeyId: Optional(Type.String()),
    }),
    JobResources: Type.Object({ ClusterConfig: Type.Object({}) }),
    NetworkConfig: Optional(Type.Object({})),
    RoleArn: Type.String({ minLength: 20, maxLength: 2048 }),
    StoppingCondition: Optional(
      Type.Object({ MaxRuntimeInSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }) }),
    ),
    Tags,
  }),
  DescribeDataQualityJobDefinition: DefinitionName,
  DeleteDataQualityJobDefinition: DefinitionName,
  ListDataQualityJobDefinitions: Type.Object({
    ...ListMembers,
    SortBy: Optional(Literals(['Name', 'CreationTime'])),
    EndpointName: Optional(Name),
  }),
  CreateMonitoringSchedule: Type.Object({
    MonitoringScheduleName: Name,
    MonitoringScheduleConfig: Type.Object({
      ScheduleConfig: Optional(
        Type.Object({ ScheduleExpression: Type.String({ minLength: 1, maxLength: 256 }) }),
      ),
      MonitoringJobDefinition: Optional(Type.Object({})),
      MonitoringJobDefinitionName: Optional(Name),
      MonitoringType: Optional(MonitoringType),
    }),
    Tags,
  }),
  DescribeMonitoringSchedule: ScheduleName,
  DeleteMonitoringSchedule: ScheduleName,
  StopMonitoringSchedule: ScheduleName,
  StartMonitoringSchedule: ScheduleName,
  ListMonitoringSchedules: Type.Object({
    ...ListMembers,
    ...TimeFilters,
    SortBy: Optional(Literals(['Name', 'CreationTime', 'Status'])),
    StatusEquals: Optional(Literals(['Pending', 'Failed', 'Scheduled', 'Stopped'])),
    EndpointName: Optional(Name),
    MonitoringJobDefinitionName: Optional(Name),
    MonitoringTypeEquals: Optional(MonitoringType),
  }),
  ListMonitoringExecutions: Type.Object({
    ...ListMembers,
    ...TimeFilters,
    MonitoringScheduleName: Optional(Name),
    EndpointName: Optional(Name),
    SortBy: Optional(Literals(['CreationTime', 'ScheduledTime', 'Status'])),
    ScheduledTimeBefore: Optional(Type.Number()),
    ScheduledTimeAfter: Optional(Type.Number()),
    StatusEquals: Optional(
      Literals([
        'Pending',
        'Completed',
        'CompletedWithViolations',
        'InProgress',
        'Failed',
        'Stopping',
        'Stopped',
      ]),
    ),
    MonitoringJobDefinitionName: Optional(Name),
    MonitoringTypeEquals: Optional(MonitoringType),
  }),
};
