// A Predictor over SageMaker's InvokeEndpoint wire contract (`POST /endpoints/{name}/invocations`), for
// when the endpoint runs in another process (the CLI baselining against `scones serve`).
import { errorMessage } from '../../../kernel/errors.js';
import { monitoringError } from '../errors.js';
import type { ImageInput, Predictor, PredictorProvider } from '../ports.js';

const CONCURRENCY = 8;

export function invokeEndpointPredictors(
  baseUrl: string,
  fetchImpl: typeof fetch = fetch,
): PredictorProvider {
  return (endpoint) => invokeEndpointPredictor(baseUrl, endpoint, fetchImpl);
}

export function invokeEndpointPredictor(
  baseUrl: string,
  endpoint: string,
  fetchImpl: typeof fetch = fetch,
): Predictor {
  const url = `${baseUrl.replace(/\/+$/, '')}/endpoints/${encodeURIComponent(endpoint)}/invocations`;
  const one = async (image: ImageInput): Promise<number[]> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': image.contentType || 'application/x-image', accept: 'application/json' },
        body: image.bytes,
      });
    } catch (error) {
      throw monitoringError(
        'PREDICTOR_FAILED',
        `cannot reach ${url} (is \`scones serve\` running?): ${errorMessage(error)}`,
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw monitoringError('PREDICTOR_FAILED', `${url} answered ${response.status}: ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as unknown;
    if (!Array.isArray(answer) || !answer.every((v) => typeof v === 'number'))
      throw monitoringError(
        'PREDICTOR_FAILED',
        `${url} answered ${text.slice(0, 100)}, not a list of probabilities`,
      );
    return answer as number[];
  };
  return {
    async predict(images) {
      const out = new Array<number[]>(images.length);
      let next = 0;
      const worker = async () => {
        while (next < images.length) {
          const index = next++;
          out[index] = await one(images[index] as ImageInput);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, images.length) }, worker));
      return out;
    },
  };
}
