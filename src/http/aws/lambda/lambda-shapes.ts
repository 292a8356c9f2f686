// Lambda's response shapes (FunctionConfiguration, AliasConfiguration) from the functions service's records.
import type {
  AliasRecord,
  FunctionDetails,
  FunctionsService,
  VersionRecord,
} from '../../../modules/functions/index.js';

/** Lambda's timestamp format: `2024-01-31T12:00:00.000+0000`. */
export function lambdaTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

export function functionConfiguration(functions: FunctionsService, details: FunctionDetails) {
  const { fn, record, version } = details;
  return {
    FunctionName: fn.name,
    FunctionArn: functions.arn(fn.name, version === '$LATEST' ? undefined : version),
    Runtime: record.runtimeId,
    ...(record.role === undefined ? {} : { Role: record.role }),
    Handler: record.handler,
    CodeSize: record.codeSize,
    CodeSha256: record.codeSha256,
    Description: record.description,
    Timeout: record.timeoutSeconds,
    MemorySize: record.memoryMb,
    LastModified: lambdaTime(record.createdAt),
    Version: version,
    Environment: { Variables: { ...record.environment } },
    ...(record.layers.length === 0
      ? {}
      : { Layers: record.layers.map((layer) => ({ Arn: layer.arn, CodeSize: layer.codeSize })) }),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: revisionId(record),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}

/** A numbered version as ListVersionsByFunction and PublishVersion show it. */
export function versionConfiguration(
  functions: FunctionsService,
  details: Pick<FunctionDetails, 'fn'>,
  record: VersionRecord,
) {
  return functionConfiguration(functions, { fn: details.fn, record, version: String(record.version) });
}

export function aliasConfiguration(functions: FunctionsService, alias: AliasRecord) {
  return {
    AliasArn: functions.arn(alias.functionName, alias.name),
    Name: alias.name,
    FunctionVersion: String(alias.version),
    Description: alias.description,
    RevisionId: alias.revisionId,
  };
}

function revisionId(record: VersionRecord): string {
  return `${record.version}-${record.createdAt}-${record.codeSha256.slice(0, 12)}`;
}
