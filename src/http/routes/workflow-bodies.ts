// Body shapes shared by the workflow routes: definitions as objects or text, ISO dates, JSON inputs and outputs.
import type { Static } from 'typebox';
import type { ExecutionDescription, ExecutionSummary } from '../../modules/workflows/index.js';
import type { Execution } from './workflow-schemas.js';

/** Definitions arrive as objects or text; the service stores the text. */
export function definitionText(definition: unknown): string {
  return typeof definition === 'string' ? definition : JSON.stringify(definition);
}

export function iso(millis: number): string {
  return new Date(millis).toISOString();
}

function parsed(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}

/** An execution with dates as ISO text and input/output as JSON values. */
export function executionBody(e: ExecutionSummary | ExecutionDescription): Static<typeof Execution> {
  const full = e as Partial<ExecutionDescription>;
  const { startDate, stopDate, ...rest } = e;
  const { input, output, ...details } = full;
  return {
    ...rest,
    ...(details.error === undefined ? {} : { error: details.error }),
    ...(details.cause === undefined ? {} : { cause: details.cause }),
    ...(details.traceHeader === undefined ? {} : { traceHeader: details.traceHeader }),
    startDate: iso(startDate),
    ...(stopDate === undefined ? {} : { stopDate: iso(stopDate) }),
    ...(input === undefined ? {} : { input: parsed(input) }),
    ...(output === undefined ? {} : { output: parsed(output) }),
  };
}
