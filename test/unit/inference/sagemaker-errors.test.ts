// Module errors become the SageMaker runtime error shapes the AWS SDKs parse.
import { describe, expect, it } from 'vitest';
import { sagemakerError } from '../../../src/http/aws/sagemaker/sagemaker-errors.js';
import { inferenceError } from '../../../src/modules/inference/index.js';

describe('sagemakerError', () => {
  it('maps call problems to ValidationError and overload to ServiceUnavailable with Retry-After', () => {
    expect(
      sagemakerError(inferenceError('NO_SUCH_ENDPOINT', 'Endpoint x of account 0 not found.'), 'x'),
    ).toEqual({
      status: 400,
      type: 'ValidationError',
      body: { message: 'Endpoint x of account 0 not found.' },
      headers: {},
    });
    expect(sagemakerError(inferenceError('PAYLOAD_TOO_LARGE', 'too big'), 'x')).toMatchObject({
      status: 413,
      type: 'ValidationError',
    });
    expect(sagemakerError(inferenceError('OVERLOADED', 'full'), 'x')).toMatchObject({
      status: 503,
      type: 'ServiceUnavailable',
      headers: { 'retry-after': '1' },
    });
  });

  it("maps payload and model problems to ModelError carrying the container's status", () => {
    const shaped = sagemakerError(
      inferenceError('INVALID_IMAGE', 'the body is not a decodable image: bad'),
      'bikes',
    );
    expect(shaped.status).toBe(424);
    expect(shaped.type).toBe('ModelError');
    expect(shaped.body).toMatchObject({
      OriginalStatusCode: 400,
      OriginalMessage: 'the body is not a decodable image: bad',
      Message: expect.stringMatching(/^Received client error \(400\) from primary with message "the body/),
      LogStreamArn: expect.stringContaining('/aws/sagemaker/Endpoints/bikes'),
    });
    expect(sagemakerError(inferenceError('UNSUPPORTED_CONTENT_TYPE', 'no'), 'b').body).toMatchObject({
      OriginalStatusCode: 415,
    });
    expect(sagemakerError(inferenceError('MODEL_FAILED', 'NaN'), 'b').body).toMatchObject({
      OriginalStatusCode: 500,
      Message: expect.stringMatching(/^Received server error \(500\)/),
    });
  });

  it('hides unexpected errors behind InternalFailure', () => {
    expect(sagemakerError(new Error('secret detail'), 'b')).toEqual({
      status: 500,
      type: 'InternalFailure',
      body: { message: 'An internal error occurred; see the server log.' },
      headers: {},
    });
  });
});
