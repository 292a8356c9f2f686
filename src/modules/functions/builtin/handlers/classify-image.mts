// Built-in function classifyImage: sends the body's base64 image to the endpoint named by ENDPOINT_NAME
// (content type image/png) and puts the returned probability list in `body.inferences`.
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { bodyOf, namedError, probabilities, requireString } from './pipeline-event.mjs';

let client: SageMakerRuntimeClient | undefined;

export async function handler(event: unknown) {
  const body = bodyOf(event);
  const image = Buffer.from(requireString(body, 'image_data', 'event.body'), 'base64');
  const endpointName = process.env.ENDPOINT_NAME;
  if (!endpointName) throw namedError('ConfigurationError', 'set ENDPOINT_NAME to the endpoint to invoke');
  client ??= new SageMakerRuntimeClient({});
  const response = await client.send(
    new InvokeEndpointCommand({
      EndpointName: endpointName,
      ContentType: 'image/png',
      Accept: 'application/json',
      Body: image,
    }),
  );
  return { statusCode: 200, body: { ...body, inferences: inferencesOf(response.Body, endpointName) } };
}

function inferencesOf(answer: Uint8Array | undefined, endpointName: string): number[] {
  const text = new TextDecoder().decode(answer);
  try {
    return probabilities(text, 'the endpoint response');
  } catch {
    throw namedError(
      'InvalidEndpointResponse',
      `endpoint ${endpointName} answered ${JSON.stringify(text.slice(0, 200))}, not a list of probabilities`,
    );
  }
}
