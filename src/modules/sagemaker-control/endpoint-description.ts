// DescribeEndpoint's answer from Scones's endpoint record (status, variants, capture) and the SageMaker row.
import type { EndpointRecord } from '../inference/index.js';
import { arnOf, type Home } from './names.js';
import type { Stored } from './resource-repository.js';

/** What the control plane keeps of an endpoint beside Scones's record. */
export interface SageMakerEndpoint {
  readonly EndpointName: string;
  readonly EndpointArn: string;
  readonly EndpointConfigName: string;
  /** Set when the config could not be deployed at all: the endpoint is Failed. */
  readonly FailureReason?: string;
}

export function endpointDescription(
  home: Home,
  name: string,
  stored: Stored<SageMakerEndpoint> | undefined,
  record: EndpointRecord | undefined,
  hasCaptureConfig: boolean,
) {
  const failure = record ? (record.failureReason ?? undefined) : stored?.body.FailureReason;
  return {
    EndpointName: record?.name ?? stored?.body.EndpointName ?? name,
    EndpointArn: arnOf(home, 'endpoint', name),
    // An endpoint deployed with `scones deploy` has no config of its own: it is named after the endpoint.
    EndpointConfigName: stored?.body.EndpointConfigName ?? record?.name ?? name,
    ...(record ? { ProductionVariants: variantsOf(record) } : {}),
    ...(record && (record.capture.enabled || hasCaptureConfig)
      ? { DataCaptureConfig: captureOf(record) }
      : {}),
    EndpointStatus: record?.status ?? 'Failed',
    ...(failure ? { FailureReason: failure } : {}),
    CreationTime: record?.createdAt ?? stored?.createdAt ?? 0,
    LastModifiedTime: record?.updatedAt ?? stored?.updatedAt ?? 0,
  };
}

function variantsOf(record: EndpointRecord) {
  return record.variants.map((variant) => ({
    VariantName: variant.name,
    CurrentWeight: variant.weight,
    DesiredWeight: variant.weight,
    CurrentInstanceCount: 1,
    DesiredInstanceCount: 1,
  }));
}

function captureOf(record: EndpointRecord) {
  const capture = record.capture;
  return {
    EnableCapture: capture.enabled,
    CaptureStatus: capture.enabled ? 'Started' : 'Stopped',
    CurrentSamplingPercentage: capture.samplingPercent,
    DestinationS3Uri: capture.destination,
  };
}
