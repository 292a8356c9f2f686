// The response body as SageMaker's built-in image classifier writes it: a JSON list of class probabilities.

/**
 * `[0.9634215235710144, 0.03657849133014679]`: comma and space between values, as Python's json.dumps writes
 * a list; whole numbers keep a `.0` (Python floats), so `[1.0, 0.0]` and not `[1, 0]`.
 */
export function formatProbabilities(probabilities: ArrayLike<number>): string {
  const values: string[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    const value = probabilities[i] as number;
    values.push(Number.isInteger(value) ? value.toFixed(1) : String(value));
  }
  return `[${values.join(', ')}]`;
}

export const RESPONSE_CONTENT_TYPE = 'application/json';
