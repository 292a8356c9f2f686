// An endpoint as a host serves it: one immutable snapshot per definition revision, swapped whole on update.
import { parseS3Uri } from '../../storage/index.js';
import type { CaptureDestination } from '../capture/capture-writer.js';
import type { EndpointRecord } from '../endpoints/endpoint-repository.js';
import type { LoadedModel } from './loaded-model.js';

export interface LiveVariant {
  readonly name: string;
  readonly weight: number;
  readonly model: LoadedModel;
}

export interface LiveEndpoint {
  readonly record: EndpointRecord;
  readonly variants: readonly LiveVariant[];
  /** Where capture files go (parsed once) and the role writing them; undefined when capture is off. */
  readonly capture: CaptureDestination | undefined;
}

export function liveEndpoint(record: EndpointRecord, models: readonly LoadedModel[]): LiveEndpoint {
  const location = record.capture.enabled ? parseS3Uri(record.capture.destination) : undefined;
  return {
    record,
    variants: record.variants.map((v, i) => ({
      name: v.name,
      weight: v.weight,
      model: models[i] as LoadedModel,
    })),
    capture: location
      ? { bucket: location.bucket, prefix: location.key, executionRoleArn: record.executionRoleArn }
      : undefined,
  };
}
