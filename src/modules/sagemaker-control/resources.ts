// The requests Scones reads from SageMaker's model and endpoint-config calls (the rest is kept and echoed).
export type Echoed = Readonly<Record<string, unknown>>;

export interface ContainerSpec extends Echoed {
  readonly Image?: string;
  readonly ModelDataUrl?: string;
}

export interface CreateModelRequest extends Echoed {
  readonly ModelName: string;
  readonly PrimaryContainer?: ContainerSpec;
  readonly Containers?: readonly ContainerSpec[];
  readonly ExecutionRoleArn?: string;
}

export interface VariantRequest extends Echoed {
  readonly VariantName: string;
  readonly ModelName: string;
  readonly InitialVariantWeight?: number;
  readonly InitialInstanceCount?: number;
  readonly InstanceType?: string;
}

export interface DataCaptureRequest extends Echoed {
  readonly EnableCapture?: boolean;
  readonly InitialSamplingPercentage: number;
  readonly DestinationS3Uri: string;
  readonly CaptureOptions: readonly { readonly CaptureMode: 'Input' | 'Output' }[];
}

export interface CreateEndpointConfigRequest extends Echoed {
  readonly EndpointConfigName: string;
  readonly ProductionVariants: readonly VariantRequest[];
  readonly DataCaptureConfig?: DataCaptureRequest;
}

/** What is stored of a model or config: the request as given (Tags aside) and its ARN. */
export type StoredModel = CreateModelRequest & { readonly ModelArn: string };
export type StoredConfig = CreateEndpointConfigRequest & { readonly EndpointConfigArn: string };

/** The one container of a model (SageMaker's PrimaryContainer, or a one-element Containers). */
export function containerOf(model: CreateModelRequest): ContainerSpec | undefined {
  return model.PrimaryContainer ?? model.Containers?.[0];
}

/** Leaves out members whose value is undefined (AWS leaves absent members out). */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
