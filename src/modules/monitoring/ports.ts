// The ports monitoring depends on; `app` fills them from the inference, functions and workflow modules.

/** An image as a client sent it to the endpoint. */
export interface ImageInput {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** An image decoded to 8-bit RGB, row-major HWC, at its original size. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

/**
 * The deployed model of one endpoint. `predict` answers, for each image and in the same order, the class
 * probabilities in class-index order (SageMaker image-classification output).
 */
export interface Predictor {
  predict(images: readonly ImageInput[]): Promise<number[][]>;
}

/** The predictor of an endpoint by name; throws MONITORING_NO_PREDICTOR when there is none. */
export type PredictorProvider = (endpoint: string) => Predictor;

/**
 * Images -> float vectors of one fixed dimension, for embedding drift. A baseline and a report are compared
 * only when they were embedded by the same source (same `id`).
 */
export interface EmbeddingSource {
  readonly id: string;
  readonly dimension: number;
  embed(images: readonly DecodedImage[]): Promise<Float32Array[]>;
}

/** HTTP status class of an endpoint invocation, as SageMaker's Invocation4XXErrors/5XXErrors count them. */
export type StatusClass = '2xx' | '4xx' | '5xx';

/** One InvokeEndpoint call, reported by the endpoint after it answered. */
export interface EndpointInvocationEvent {
  readonly endpoint: string;
  readonly variant: string;
  /** Epoch milliseconds; the recorder's clock when absent. */
  readonly at?: number;
  readonly modelLatencyMs: number;
  readonly overheadLatencyMs: number;
  readonly status: StatusClass;
  /** Top-1 probability, for successful classifications. */
  readonly top1Confidence?: number;
  readonly predictedClass?: string;
}

/** One function invocation (or a throttled attempt), as the functions listener reports it. */
export interface FunctionInvocationEvent {
  readonly functionName: string;
  readonly at?: number;
  readonly status: 'success' | 'error' | 'timeout' | 'throttled';
  readonly durationMs?: number;
}

export type WorkflowExecutionStatus = 'Started' | 'Succeeded' | 'Failed' | 'TimedOut' | 'Aborted';

/** A workflow execution starting or ending. */
export interface WorkflowExecutionEvent {
  readonly stateMachine: string;
  readonly at?: number;
  readonly status: WorkflowExecutionStatus;
  /** The error name of a failed execution; `THRESHOLD_CONFIDENCE_NOT_MET` counts as filtered out. */
  readonly error?: string;
}

/** A free-form datapoint (PutMetricData): any namespace, name and dimensions. */
export interface MetricDatum {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly value: number;
  readonly at?: number;
  readonly unit?: string;
}

/**
 * What producers call on their hot path. Every method only updates in-memory per-minute aggregates (no I/O,
 * no promises); the metrics service flushes them to the database in batches.
 */
export interface MetricsRecorder {
  endpointInvocation(event: EndpointInvocationEvent): void;
  functionInvocation(event: FunctionInvocationEvent): void;
  workflowExecution(event: WorkflowExecutionEvent): void;
  put(datum: MetricDatum): void;
}

/** Invokes a Scones function synchronously (alarm action); maps onto `app.functions.invoke`. */
export interface FunctionInvoker {
  invoke(name: string, payload: string): Promise<{ readonly ok: boolean; readonly error?: string }>;
}

/** Starts a workflow execution (alarm action); maps onto the workflow engine's StartExecution. */
export interface WorkflowStarter {
  startExecution(request: {
    readonly stateMachine: string;
    readonly input: string;
    readonly name?: string;
  }): Promise<{ readonly executionArn: string }>;
}
