// Lambda's layer response shapes (GetLayerVersionResponse, LayersListItem, LayerVersionsListItem).
import type { FunctionsService, LayerVersionRecord } from '../../../modules/functions/index.js';
import { lambdaTime } from './lambda-shapes.js';

export function layerVersionDetails(functions: FunctionsService, record: LayerVersionRecord) {
  return {
    Content: { CodeSha256: record.codeSha256, CodeSize: record.codeSize },
    LayerArn: functions.layers.arn(record.name),
    ...layerVersionItem(functions, record),
  };
}

export function layerVersionItem(functions: FunctionsService, record: LayerVersionRecord) {
  return {
    LayerVersionArn: functions.layers.arn(record.name, record.version),
    Version: record.version,
    Description: record.description,
    CreatedDate: lambdaTime(record.createdAt),
    CompatibleRuntimes: [...record.compatibleRuntimes],
    CompatibleArchitectures: [...record.compatibleArchitectures],
    ...(record.licenseInfo === undefined ? {} : { LicenseInfo: record.licenseInfo }),
  };
}

export function layersListItem(functions: FunctionsService, record: LayerVersionRecord) {
  return {
    LayerName: record.name,
    LayerArn: functions.layers.arn(record.name),
    LatestMatchingVersion: layerVersionItem(functions, record),
  };
}

/** One page of a listing by Lambda's Marker/MaxItems (the marker is the next item's index). */
export function page<T>(items: readonly T[], marker: string | undefined, maxItems: string | undefined) {
  const start = marker && /^\d+$/.test(marker) ? Number(marker) : 0;
  const limit = Math.min(Math.max(Number(maxItems ?? 50) || 50, 1), 50);
  const next = start + limit < items.length ? String(start + limit) : undefined;
  return { items: items.slice(start, start + limit), next };
}
