// FilterLogEvents' `filterPattern` for unstructured lines: terms that must all appear (case-sensitive), "quoted
// phrases", `-term` exclusions and `?term` alternatives. JSON (`{ ... }`) and space-delimited (`[ ... ]`) patterns
// are refused by name rather than matched wrongly.
import { invalidParameter } from './logs-wire.js';

export function filterPattern(pattern: string | undefined): (message: string) => boolean {
  const text = pattern?.trim() ?? '';
  if (text === '' || text === '""') return () => true;
  if (text.startsWith('{') || text.startsWith('['))
    throw invalidParameter(
      'Scones supports term filter patterns only (terms, "phrases", -exclusions, ?alternatives), not JSON or space-delimited patterns',
    );
  const required: string[] = [];
  const excluded: string[] = [];
  const anyOf: string[] = [];
  for (const match of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = match[2] ?? match[3] ?? '';
    if (match[1] === '-') excluded.push(term);
    else if (match[1] === '?') anyOf.push(term);
    else required.push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    !excluded.some((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term)));
}
