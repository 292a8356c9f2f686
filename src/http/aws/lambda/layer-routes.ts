// Lambda's layer operations: PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions,
// DeleteLayerVersion and the layer version permissions.
import type { FastifyInstance } from 'fastify';
import {
  type FunctionsService,
  functionsError,
  type LayerContent,
  parseLayerName,
} from '../../../modules/functions/index.js';
import { HIDDEN, UPLOAD_BODY_LIMIT } from './function-routes.js';
import { type JsonBody, optionalString, parseJsonBody, requiredString } from './lambda-requests.js';
import { layersListItem, layerVersionDetails, layerVersionItem, page } from './layer-shapes.js';

type LayerParams = { Params: { layer: string; version: string; sid: string } };
type LayerQuery = {
  Querystring: {
    find?: string;
    Arn?: string;
    CompatibleRuntime?: string;
    CompatibleArchitecture?: string;
    Marker?: string;
    MaxItems?: string;
    RevisionId?: string;
  };
};

export const LAYERS = '/2018-10-31/layers';
const VERSION = `${LAYERS}/:layer/versions/:version`;

export function registerLayerRoutes(app: FastifyInstance, functions: FunctionsService): void {
  const home = { partition: 'aws', region: functions.region, accountId: functions.accountId };
  const nameOf = (params: { layer: string }) => parseLayerName(params.layer, home);

  app.post<LayerParams>(
    `${LAYERS}/:layer/versions`,
    { ...HIDDEN, bodyLimit: UPLOAD_BODY_LIMIT },
    async (request, reply) => {
      const body = parseJsonBody(request.body);
      const record = await functions.layers.publish({
        name: nameOf(request.params),
        content: layerContentOf(body.Content),
        ...optionalFields(body),
      });
      return reply.status(201).send(layerVersionDetails(functions, record));
    },
  );

  app.get<LayerQuery>(LAYERS, HIDDEN, async (request) => {
    const { query } = request;
    if (query.find === 'LayerVersion')
      return layerVersionDetails(functions, await functions.layers.getByArn(query.Arn ?? ''));
    const { items, next } = page(await functions.layers.list(filterOf(query)), query.Marker, query.MaxItems);
    return { Layers: items.map((r) => layersListItem(functions, r)), ...(next ? { NextMarker: next } : {}) };
  });

  app.get<LayerParams & LayerQuery>(`${LAYERS}/:layer/versions`, HIDDEN, async (request) => {
    const all = await functions.layers.listVersions(nameOf(request.params), filterOf(request.query));
    const { items, next } = page(all, request.query.Marker, request.query.MaxItems);
    return {
      LayerVersions: items.map((r) => layerVersionItem(functions, r)),
      ...(next ? { NextMarker: next } : {}),
    };
  });

  app.get<LayerParams>(VERSION, HIDDEN, async (request) =>
    layerVersionDetails(
      functions,
      await functions.layers.get(nameOf(request.params), versionOf(request.params)),
    ),
  );

  app.delete<LayerParams>(VERSION, HIDDEN, async (request, reply) => {
    await functions.layers.delete(nameOf(request.params), versionOf(request.params));
    return reply.status(204).send();
  });

  registerPolicyRoutes(app, functions, nameOf);
}

function registerPolicyRoutes(
  app: FastifyInstance,
  functions: FunctionsService,
  nameOf: (params: { layer: string }) => string,
): void {
  app.post<LayerParams & LayerQuery>(`${VERSION}/policy`, HIDDEN, async (request, reply) => {
    const body = parseJsonBody(request.body);
    const organizationId = optionalString(body, 'OrganizationId');
    const added = await functions.layers.addPermission(nameOf(request.params), versionOf(request.params), {
      statementId: requiredString(body, 'StatementId'),
      action: requiredString(body, 'Action'),
      principal: requiredString(body, 'Principal'),
      ...(organizationId === undefined ? {} : { organizationId }),
      ...(request.query.RevisionId === undefined ? {} : { revisionId: request.query.RevisionId }),
    });
    return reply.status(201).send({ Statement: added.statement, RevisionId: added.revisionId });
  });

  app.get<LayerParams>(`${VERSION}/policy`, HIDDEN, async (request) => {
    const { policy, revisionId } = await functions.layers.policy(
      nameOf(request.params),
      versionOf(request.params),
    );
    return { Policy: policy, RevisionId: revisionId };
  });

  app.delete<LayerParams & LayerQuery>(`${VERSION}/policy/:sid`, HIDDEN, async (request, reply) => {
    const { params, query } = request;
    await functions.layers.removePermission(nameOf(params), versionOf(params), params.sid, query.RevisionId);
    return reply.status(204).send();
  });
}

/** `Content`: `ZipFile` (base64) or `S3Bucket` + `S3Key` in Scones's object store. */
function layerContentOf(content: unknown): LayerContent {
  if (typeof content !== 'object' || content === null)
    throw functionsError('INVALID_PARAMETER', 'Content is required');
  const body = content as JsonBody;
  const zip = optionalString(body, 'ZipFile');
  if (zip !== undefined) return { kind: 'zip', bytes: Buffer.from(zip, 'base64') };
  const bucket = optionalString(body, 'S3Bucket');
  const key = optionalString(body, 'S3Key');
  if (bucket === undefined || key === undefined)
    throw functionsError(
      'INVALID_PARAMETER',
      'Please provide a source for the layer content: ZipFile or S3Bucket and S3Key.',
    );
  return { kind: 's3', bucket, key };
}

function optionalFields(body: JsonBody) {
  const description = optionalString(body, 'Description');
  const licenseInfo = optionalString(body, 'LicenseInfo');
  return {
    ...(description === undefined ? {} : { description }),
    ...(licenseInfo === undefined ? {} : { licenseInfo }),
    compatibleRuntimes: stringList(body, 'CompatibleRuntimes'),
    compatibleArchitectures: stringList(body, 'CompatibleArchitectures'),
  };
}

export function stringList(body: JsonBody, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw functionsError('INVALID_PARAMETER', `${key} must be a list of strings`);
  return value as string[];
}

function filterOf(query: LayerQuery['Querystring']) {
  return {
    ...(query.CompatibleRuntime ? { compatibleRuntime: query.CompatibleRuntime } : {}),
    ...(query.CompatibleArchitecture ? { compatibleArchitecture: query.CompatibleArchitecture } : {}),
  };
}

function versionOf(params: { version: string }): number {
  if (!/^[1-9]\d{0,15}$/.test(params.version))
    throw functionsError('LAYER_NOT_FOUND', 'The resource you requested does not exist.');
  return Number(params.version);
}
