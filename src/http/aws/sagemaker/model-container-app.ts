// The SageMaker model-container contract (`scones serve-model`): `GET /ping` and `POST /invocations` on one
// model, so a Scones model ships as a container SageMaker (or anything speaking that contract) can host.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { isSconesError } from '../../../kernel/errors.js';
import { INFERENCE_ERROR_CODES as CODES, type StandaloneModel } from '../../../modules/inference/index.js';
import { MAX_PAYLOAD_BYTES } from './sagemaker-plugin.js';

const STATUS: Readonly<Record<string, number>> = {
  [CODES.UNSUPPORTED_CONTENT_TYPE]: 415,
  [CODES.EMPTY_BODY]: 400,
  [CODES.INVALID_IMAGE]: 400,
  [CODES.IMAGE_TOO_LARGE]: 400,
  [CODES.OVERLOADED]: 503,
  [CODES.CLOSED]: 503,
};

export function buildModelContainerApp(model: StandaloneModel, logger: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_PAYLOAD_BYTES,
    return503OnClosing: true,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.get('/ping', async (_request, reply) => reply.status(200).send());
  app.post('/invocations', async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const answer = await model.predict(body, request.headers['content-type']);
    return reply.header('content-type', answer.contentType).send(Buffer.from(answer.body));
  });
  app.setErrorHandler((error, request, reply) => {
    const code = isSconesError(error) ? error.code : (error as { code?: string }).code;
    const status = (code ? STATUS[code] : undefined) ?? (code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : 500);
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'invocation failed');
    const message = status === 500 && !isSconesError(error) ? 'internal error' : (error as Error).message;
    return reply
      .status(status)
      .type('application/json')
      .send({ code: status, type: code ?? 'Error', message });
  });
  return app;
}
