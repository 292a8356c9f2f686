// The platform's own log lines around each invocation, as Lambda writes them.

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFigures {
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  readonly initDurationMs?: number;
  /** Set for failures of the platform (timeout, exit, memory), as Lambda adds Status and Error Type. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

export function reportLine(requestId: string, figures: ReportFigures): string {
  const parts = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${figures.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${figures.billedDurationMs} ms`,
    `Memory Size: ${figures.memorySizeMb} MB`,
    `Max Memory Used: ${figures.maxMemoryUsedMb} MB`,
  ];
  if (figures.initDurationMs !== undefined)
    parts.push(`Init Duration: ${figures.initDurationMs.toFixed(2)} ms`);
  if (figures.status) parts.push(`Status: ${figures.status}`);
  if (figures.status === 'error' && figures.errorType) parts.push(`Error Type: ${figures.errorType}`);
  return parts.join('\t');
}
