// Body shapes shared by the workflow routes: definitions as objects or text, ISO dates, JSON inputs and outputs.
import type { ExecutionDescription, ExecutionSummary } from '../../modules/workflows/index.js';

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
export function executionBody(e: ExecutionSummary | ExecutionDescription): Record<string, unknown> {
  const full = e as Partial<ExecutionDescription>;
  return {
    ...e,
    startDate: iso(e.startDate),
    ...(e.stopDate === undefined ? {} : { stopDate: iso(e.stopDate) }),
    ...(full.input === undefined ? {} : { input: parsed(full.input) }),
    ...(full.output === undefined ? {} : { output: parsed(full.output) }),
  };
}
