// An endpoint config as Scones's deploy: each variant's model resolved to a registry version, capture mapped.
import type { CaptureConfig, DeployRequest } from '../inference/index.js';
import type { ModelOperations } from './model-operations.js';
import type { ModelSource } from './model-source.js';
import { containerOf, type DataCaptureRequest, type StoredConfig } from './resources.js';

/** SageMaker's DataCaptureConfig onto Scones's capture settings (absent: capture off). */
export function captureOf(config: DataCaptureRequest | undefined): Partial<CaptureConfig> {
  if (!config) return { enabled: false };
  const modes = new Set(config.CaptureOptions.map((option) => option.CaptureMode));
  return {
    enabled: config.EnableCapture ?? true,
    samplingPercent: config.InitialSamplingPercentage,
    captureInput: modes.has('Input'),
    captureOutput: modes.has('Output'),
    destination: config.DestinationS3Uri.replace(/\/+$/, ''),
  };
}

/** Throws (VALIDATION or a registry/storage error) when a variant's model cannot be served. */
export async function deployRequestOf(
  endpointName: string,
  config: StoredConfig,
  parts: { models: ModelOperations; source: ModelSource },
): Promise<DeployRequest> {
  let executionRoleArn: string | undefined;
  const variants = [];
  for (const variant of config.ProductionVariants) {
    const model = await parts.models.model(variant.ModelName);
    executionRoleArn ??= model.ExecutionRoleArn;
    const url = containerOf(model)?.ModelDataUrl as string;
    const version = await parts.source.resolve(url);
    variants.push({
      name: variant.VariantName,
      model: String(version),
      weight: variant.InitialVariantWeight ?? 1,
    });
  }
  return {
    name: endpointName,
    variants,
    capture: captureOf(config.DataCaptureConfig),
    ...(executionRoleArn === undefined ? {} : { executionRoleArn }),
  };
}
