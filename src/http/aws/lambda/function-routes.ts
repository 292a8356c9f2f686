// Lambda's function management operations: Create, Get, GetConfiguration, List, Delete, UpdateFunctionCode,
// UpdateFunctionConfiguration, PublishVersion, ListVersionsByFunction and reserved concurrency.
import type { FastifyInstance } from 'fastify';
import {
  type FunctionsService,
  MAX_ZIPPED_BYTES,
  parseFunctionName,
} from '../../../modules/functions/index.js';
import { functionCodeOf, parseJsonBody, requiredString, settingsOf } from './lambda-requests.js';
import { functionConfiguration, versionConfiguration } from './lambda-shapes.js';

type NameParams = { Params: { name: string }; Querystring: { Qualifier?: string } };
type ListQuery = { Querystring: { Marker?: string; MaxItems?: string } };

export const HIDDEN = { schema: { hide: true } } as const;
/** Base64 of the largest zip Lambda takes directly, plus room for the rest of the JSON. */
export const UPLOAD_BODY_LIMIT = Math.ceil((MAX_ZIPPED_BYTES * 4) / 3) + 1024 * 1024;
const BASE = '/2015-03-31/functions';

export function registerFunctionRoutes(app: FastifyInstance, functions: FunctionsService): void {
  app.post(BASE, { ...HIDDEN, bodyLimit: UPLOAD_BODY_LIMIT }, async (request, reply) => {
    const body = parseJsonBody(request.body);
    const name = parseFunctionName(requiredString(body, 'FunctionName')).name;
    const details = await functions.create({ name, ...settingsOf(body), code: functionCodeOf(body.Code) });
    const shown = body.Publish === true ? { ...details, version: String(details.record.version) } : details;
    return reply.status(201).send(functionConfiguration(functions, shown));
  });

  for (const url of [BASE, `${BASE}/`])
    app.get<ListQuery>(url, HIDDEN, async (request) => {
      const all = await functions.list();
      const start = request.query.Marker
        ? all.findIndex((d) => d.fn.name > (request.query.Marker as string))
        : 0;
      const limit = Math.min(Math.max(Number(request.query.MaxItems ?? 50) || 50, 1), 10_000);
      const page = start === -1 ? [] : all.slice(start, start + limit);
      const more = start !== -1 && start + limit < all.length;
      return {
        Functions: page.map((details) => functionConfiguration(functions, details)),
        ...(more && page.length > 0 ? { NextMarker: page[page.length - 1]?.fn.name } : {}),
      };
    });

  app.get<NameParams>(`${BASE}/:name`, HIDDEN, async (request) => {
    const target = parseFunctionName(request.params.name, request.query.Qualifier);
    const details = await functions.describe(target.name, target.qualifier);
    const reserved = details.fn.reservedConcurrency;
    return {
      Configuration: functionConfiguration(functions, details),
      ...(reserved === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: reserved } }),
    };
  });

  app.get<NameParams>(`${BASE}/:name/configuration`, HIDDEN, async (request) => {
    const target = parseFunctionName(request.params.name, request.query.Qualifier);
    return functionConfiguration(functions, await functions.describe(target.name, target.qualifier));
  });

  registerUpdateRoutes(app, functions);
  registerVersionRoutes(app, functions);
}

function registerUpdateRoutes(app: FastifyInstance, functions: FunctionsService): void {
  app.delete<NameParams>(`${BASE}/:name`, HIDDEN, async (request, reply) => {
    const target = parseFunctionName(request.params.name, request.query.Qualifier);
    await functions.delete(target.name, target.qualifier);
    return reply.status(204).send();
  });

  app.put<NameParams>(`${BASE}/:name/code`, { ...HIDDEN, bodyLimit: UPLOAD_BODY_LIMIT }, async (request) => {
    const body = parseJsonBody(request.body);
    const name = parseFunctionName(request.params.name).name;
    const details = await functions.updateCode(name, functionCodeOf(body));
    const shown = body.Publish === true ? { ...details, version: String(details.record.version) } : details;
    return functionConfiguration(functions, shown);
  });

  app.put<NameParams>(`${BASE}/:name/configuration`, HIDDEN, async (request) => {
    const name = parseFunctionName(request.params.name).name;
    return functionConfiguration(
      functions,
      await functions.updateConfiguration(name, settingsOf(parseJsonBody(request.body))),
    );
  });
}

function registerVersionRoutes(app: FastifyInstance, functions: FunctionsService): void {
  app.post<NameParams>(`${BASE}/:name/versions`, HIDDEN, async (request, reply) => {
    const name = parseFunctionName(request.params.name).name;
    const record = await functions.publishVersion(name);
    const { fn } = await functions.describe(name);
    return reply.status(201).send(versionConfiguration(functions, { fn }, record));
  });

  app.get<NameParams>(`${BASE}/:name/versions`, HIDDEN, async (request) => {
    const name = parseFunctionName(request.params.name).name;
    const latest = await functions.describe(name);
    const versions = await functions.listVersions(name);
    return {
      Versions: [
        functionConfiguration(functions, latest),
        ...versions.map((record) => versionConfiguration(functions, latest, record)),
      ],
    };
  });

  app.put<NameParams>('/2017-10-31/functions/:name/concurrency', HIDDEN, async (request) => {
    const name = parseFunctionName(request.params.name).name;
    const body = parseJsonBody(request.body);
    const reserved = body.ReservedConcurrentExecutions;
    await functions.setReservedConcurrency(name, typeof reserved === 'number' ? reserved : Number.NaN);
    return { ReservedConcurrentExecutions: reserved };
  });

  app.get<NameParams>('/2019-09-30/functions/:name/concurrency', HIDDEN, async (request) => {
    const { fn } = await functions.describe(parseFunctionName(request.params.name).name);
    return fn.reservedConcurrency === undefined
      ? {}
      : { ReservedConcurrentExecutions: fn.reservedConcurrency };
  });

  app.delete<NameParams>('/2017-10-31/functions/:name/concurrency', HIDDEN, async (request, reply) => {
    await functions.setReservedConcurrency(parseFunctionName(request.params.name).name, undefined);
    return reply.status(204).send();
  });
}
