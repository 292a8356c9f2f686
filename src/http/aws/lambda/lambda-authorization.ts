// IAM at the Lambda edge: each route's operation, its function ARN (qualified when the call names a version or
// alias) and, for CreateFunction / UpdateFunctionConfiguration with a Role, iam:PassRole on it.
import type { FastifyRequest } from 'fastify';
import type { HomeScope } from '../../../kernel/arn.js';
import { isSconesError } from '../../../kernel/errors.js';
import { functionsError, parseFunctionName } from '../../../modules/functions/index.js';
import {
  type AccessRequest,
  iamError,
  type LambdaOperation,
  lambdaAccess,
  s3Access,
} from '../../../modules/iam/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';

const FN = '/2015-03-31/functions/:name';
const LAYERS = '/2018-10-31/layers';
const LAYER_VERSION = `${LAYERS}/:layer/versions/:version`;
const ALIASES = `${FN}/aliases`;

/** `METHOD route-url` -> the Lambda operation it serves. */
const OPERATIONS: Readonly<Record<string, LambdaOperation>> = {
  'POST /2015-03-31/functions': 'CreateFunction',
  'GET /2015-03-31/functions': 'ListFunctions',
  'GET /2015-03-31/functions/': 'ListFunctions',
  [`GET ${FN}`]: 'GetFunction',
  [`GET ${FN}/configuration`]: 'GetFunctionConfiguration',
  [`DELETE ${FN}`]: 'DeleteFunction',
  [`PUT ${FN}/code`]: 'UpdateFunctionCode',
  [`PUT ${FN}/configuration`]: 'UpdateFunctionConfiguration',
  [`POST ${FN}/versions`]: 'PublishVersion',
  [`GET ${FN}/versions`]: 'ListVersionsByFunction',
  'PUT /2017-10-31/functions/:name/concurrency': 'PutFunctionConcurrency',
  'GET /2019-09-30/functions/:name/concurrency': 'GetFunctionConcurrency',
  'DELETE /2017-10-31/functions/:name/concurrency': 'DeleteFunctionConcurrency',
  [`POST ${ALIASES}`]: 'CreateAlias',
  [`GET ${ALIASES}`]: 'ListAliases',
  [`GET ${ALIASES}/:alias`]: 'GetAlias',
  [`PUT ${ALIASES}/:alias`]: 'UpdateAlias',
  [`DELETE ${ALIASES}/:alias`]: 'DeleteAlias',
  [`POST ${FN}/invocations`]: 'Invoke',
  [`GET ${LAYERS}`]: 'ListLayers',
  [`POST ${LAYERS}/:layer/versions`]: 'PublishLayerVersion',
  [`GET ${LAYERS}/:layer/versions`]: 'ListLayerVersions',
  [`GET ${LAYER_VERSION}`]: 'GetLayerVersion',
  [`DELETE ${LAYER_VERSION}`]: 'DeleteLayerVersion',
  [`POST ${LAYER_VERSION}/policy`]: 'AddLayerVersionPermission',
  [`GET ${LAYER_VERSION}/policy`]: 'GetLayerVersionPolicy',
  [`DELETE ${LAYER_VERSION}/policy/:sid`]: 'RemoveLayerVersionPermission',
};

/** A preHandler: the body is parsed (a Buffer), so CreateFunction's name and role are known. */
export function authorizeLambda(auth: EdgeAuth) {
  return async (request: FastifyRequest): Promise<void> => {
    const operation = OPERATIONS[`${request.method} ${request.routeOptions.url}`];
    if (operation === undefined) return;
    const home = homeOf(auth);
    const layer = layerTarget(request);
    const requests = layer
      ? lambdaAccess(layer.operation ?? operation, {
          region: home.region,
          accountId: home.accountId,
          ...layer,
        })
      : lambdaPermissions(operation, request, home);
    await enforceAccess(auth, request, requests);
    await enforceCodeRead(auth, request, operation);
  };
}

/** Where each operation that takes code from S3 carries `S3Bucket`/`S3Key` in its body. */
const CODE_SOURCES: Partial<Record<LambdaOperation, (body: Record<string, unknown>) => unknown>> = {
  CreateFunction: (body) => body.Code,
  UpdateFunctionCode: (body) => body,
  PublishLayerVersion: (body) => body.Content,
};

/**
 * Lambda reads a zip named by S3Bucket/S3Key with the caller's own credentials: without s3:GetObject on it the
 * call fails with AccessDeniedException in S3's words, before anything is created.
 */
async function enforceCodeRead(
  auth: EdgeAuth,
  request: FastifyRequest,
  operation: LambdaOperation,
): Promise<void> {
  const source = CODE_SOURCES[operation]?.(jsonBody(request.body));
  if (typeof source !== 'object' || source === null) return;
  const { S3Bucket: bucket, S3Key: key } = source as Record<string, unknown>;
  if (typeof bucket !== 'string' || typeof key !== 'string') return;
  try {
    await enforceAccess(auth, request, s3Access('GetObject', { bucket, key }));
  } catch (error) {
    if (!isSconesError(error) || error.code !== iamError.codes.ACCESS_DENIED) throw error;
    throw functionsError(
      'CODE_ACCESS_DENIED',
      `Your access has been denied by S3, please make sure your request credentials have permission to GetObject for ${bucket}/${key}. S3 Error Code: AccessDenied. S3 Error Message: Access Denied`,
      { bucket, key },
    );
  }
}

function lambdaPermissions(
  operation: LambdaOperation,
  request: FastifyRequest,
  home: HomeScope,
): AccessRequest[] {
  const params = request.params as { name?: string; alias?: string };
  const query = request.query as { Qualifier?: string };
  const body = jsonBody(request.body);
  const named = params.name ?? (typeof body.FunctionName === 'string' ? body.FunctionName : '');
  const target = named === '' ? { name: '' } : safeTarget(named, query.Qualifier);
  const qualifier = operation === 'Invoke' || operation === 'GetFunction' ? target.qualifier : undefined;
  const role = typeof body.Role === 'string' ? body.Role : undefined;
  return lambdaAccess(operation, {
    region: home.region,
    accountId: home.accountId,
    functionName: target.name,
    ...(qualifier === undefined ? {} : { qualifier }),
    ...(role === undefined ? {} : { roleArn: role }),
  });
}

/**
 * The layer a layer route names (GetLayerVersionByArn shares ListLayers' route and is GetLayerVersion on the ARN);
 * undefined for function routes. A malformed name is authorized as given; the handler refuses it.
 */
function layerTarget(
  request: FastifyRequest,
): { operation?: LambdaOperation; layerName?: string; layerVersion?: number } | undefined {
  if (!request.routeOptions.url?.startsWith(LAYERS)) return undefined;
  const query = request.query as { find?: string; Arn?: string };
  if (request.routeOptions.url === LAYERS && query.find === 'LayerVersion') {
    const match = /:layer:([^:]+):(\d+)$/.exec(query.Arn ?? '');
    return {
      operation: 'GetLayerVersion',
      layerName: match?.[1] ?? '',
      ...(match?.[2] ? { layerVersion: Number(match[2]) } : {}),
    };
  }
  const params = request.params as { layer?: string; version?: string };
  const name = params.layer?.replace(/^arn:[^:]*:lambda:[^:]*:\d*:layer:/, '');
  const version = Number(params.version);
  return {
    ...(name === undefined ? {} : { layerName: name }),
    ...(Number.isInteger(version) && version > 0 ? { layerVersion: version } : {}),
  };
}

/** A name the handler will refuse anyway is authorized as given (the handler then reports the real problem). */
function safeTarget(name: string, qualifier: string | undefined): { name: string; qualifier?: string } {
  try {
    return parseFunctionName(name, qualifier);
  } catch {
    return { name };
  }
}

function jsonBody(body: unknown): Record<string, unknown> {
  if (!Buffer.isBuffer(body) || body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
