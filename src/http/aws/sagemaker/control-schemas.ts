// Request shapes of the SageMaker control-plane operations (TypeBox), checked as SageMaker's model validation does:
// missing or mistyped members are a ValidationException naming the member. Unknown members are kept and echoed.
import { type TSchema, Type } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 63 });
const S3Uri = Type.String({ maxLength: 1024, pattern: '^(https|s3)://' });
const Tags = Type.Optional(
  Type.Array(Type.Object({ Key: Type.String(), Value: Type.String() }), { maxItems: 50 }),
);
const Optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

const Container = Type.Object({
  Image: Optional(Type.String({ maxLength: 255 })),
  ModelDataUrl: Optional(S3Uri),
  Environment: Optional(Type.Record(Type.String(), Type.String())),
});

export const ListMembers = {
  NameContains: Optional(Type.String({ maxLength: 63 })),
  CreationTimeAfter: Optional(Type.Number()),
  CreationTimeBefore: Optional(Type.Number()),
  SortBy: Optional(Type.Union([Type.Literal('Name'), Type.Literal('CreationTime'), Type.Literal('Status')])),
  SortOrder: Optional(Type.Union([Type.Literal('Ascending'), Type.Literal('Descending')])),
  MaxResults: Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  NextToken: Optional(Type.String({ maxLength: 8192 })),
};

const CaptureMode = Type.Union([Type.Literal('Input'), Type.Literal('Output')]);

export const DataCaptureConfig = Type.Object({
  EnableCapture: Optional(Type.Boolean()),
  InitialSamplingPercentage: Type.Integer({ minimum: 0, maximum: 100 }),
  DestinationS3Uri: S3Uri,
  KmsKeyId: Optional(Type.String()),
  CaptureOptions: Type.Array(Type.Object({ CaptureMode }), { minItems: 1, maxItems: 2 }),
  CaptureContentTypeHeader: Optional(Type.Object({})),
});

const EndpointStatus = Type.Union(
  [
    'OutOfService',
    'Creating',
    'Updating',
    'SystemUpdating',
    'RollingBack',
    'InService',
    'Deleting',
    'Failed',
    'UpdateRollbackFailed',
  ].map((status) => Type.Literal(status)),
);

export const SCHEMAS: Readonly<Record<string, TSchema>> = {
  CreateModel: Type.Object({
    ModelName: Name,
    PrimaryContainer: Optional(Container),
    Containers: Optional(Type.Array(Container, { maxItems: 15 })),
    ExecutionRoleArn: Optional(Type.String({ minLength: 20, maxLength: 2048 })),
    Tags,
  }),
  DescribeModel: Type.Object({ ModelName: Name }),
  DeleteModel: Type.Object({ ModelName: Name }),
  ListModels: Type.Object(ListMembers),
  CreateEndpointConfig: Type.Object({
    EndpointConfigName: Name,
    ProductionVariants: Type.Array(
      Type.Object({
        VariantName: Name,
        ModelName: Name,
        InitialInstanceCount: Optional(Type.Integer({ minimum: 1 })),
        InstanceType: Optional(Type.String()),
        InitialVariantWeight: Optional(Type.Number({ minimum: 0 })),
      }),
      { minItems: 1, maxItems: 10 },
    ),
    DataCaptureConfig: Optional(DataCaptureConfig),
    Tags,
  }),
  DescribeEndpointConfig: Type.Object({ EndpointConfigName: Name }),
  DeleteEndpointConfig: Type.Object({ EndpointConfigName: Name }),
  ListEndpointConfigs: Type.Object(ListMembers),
  CreateEndpoint: Type.Object({ EndpointName: Name, EndpointConfigName: Name, Tags }),
  UpdateEndpoint: Type.Object({ EndpointName: Name, EndpointConfigName: Name }),
  DescribeEndpoint: Type.Object({ EndpointName: Name }),
  DeleteEndpoint: Type.Object({ EndpointName: Name }),
  ListEndpoints: Type.Object({ ...ListMembers, StatusEquals: Optional(EndpointStatus) }),
  CreateTrainingJob: Type.Object({
    TrainingJobName: Name,
    AlgorithmSpecification: Type.Object({
      TrainingImage: Optional(Type.String({ maxLength: 255 })),
      TrainingInputMode: Type.String(),
      EnableSageMakerMetricsTimeSeries: Optional(Type.Boolean()),
    }),
    RoleArn: Type.String({ minLength: 20, maxLength: 2048 }),
    HyperParameters: Optional(Type.Record(Type.String(), Type.String({ maxLength: 2500 }))),
    InputDataConfig: Type.Array(
      Type.Object({
        ChannelName: Type.String({ minLength: 1, maxLength: 64 }),
        DataSource: Type.Object({}),
        ContentType: Optional(Type.String()),
      }),
      { minItems: 1, maxItems: 20 },
    ),
    OutputDataConfig: Type.Object({ S3OutputPath: S3Uri }),
    ResourceConfig: Type.Object({}),
    StoppingCondition: Type.Object({}),
    DebugHookConfig: Optional(Type.Object({})),
    ProfilerConfig: Optional(Type.Object({})),
    Tags,
  }),
  DescribeTrainingJob: Type.Object({ TrainingJobName: Name }),
  StopTrainingJob: Type.Object({ TrainingJobName: Name }),
  ListTrainingJobs: Type.Object({
    ...ListMembers,
    StatusEquals: Optional(
      Type.Union(['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'].map((s) => Type.Literal(s))),
    ),
  }),
};
