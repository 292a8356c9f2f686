// Dimensions as the CLI and query strings write them: `EndpointName=bikes,VariantName=AllTraffic`.
import { monitoringError } from '../errors.js';

export function parseDimensions(text: string | undefined): Record<string, string> {
  const dimensions: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter((p) => p.trim() !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw monitoringError('INVALID_METRIC', `dimension ${JSON.stringify(pair)} is not Name=value`);
    dimensions[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return dimensions;
}

export function formatDimensions(dimensions: Readonly<Record<string, string>>): string {
  return Object.entries(dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
