// Lambda's alias operations: CreateAlias, GetAlias, ListAliases, UpdateAlias, DeleteAlias.
import type { FastifyInstance } from 'fastify';
import {
  type FunctionsService,
  functionsError,
  parseFunctionName,
} from '../../../modules/functions/index.js';
import { HIDDEN } from './function-routes.js';
import { type JsonBody, optionalString, parseJsonBody, requiredString } from './lambda-requests.js';
import { aliasConfiguration } from './lambda-shapes.js';

type FunctionParams = { Params: { name: string }; Querystring: { FunctionVersion?: string } };
type AliasParams = { Params: { name: string; alias: string } };
const BASE = '/2015-03-31/functions/:name/aliases';

export function registerAliasRoutes(app: FastifyInstance, functions: FunctionsService): void {
  app.post<FunctionParams>(BASE, HIDDEN, async (request, reply) => {
    const name = await existing(functions, request.params.name);
    const body = parseJsonBody(request.body);
    const alias = await functions.aliases.create(
      name,
      requiredString(body, 'Name'),
      versionNumber(requiredString(body, 'FunctionVersion')),
      optionalString(body, 'Description'),
    );
    return reply.status(201).send(aliasConfiguration(functions, alias));
  });

  app.get<FunctionParams>(BASE, HIDDEN, async (request) => {
    const name = await existing(functions, request.params.name);
    const wanted = request.query.FunctionVersion;
    const aliases = (await functions.aliases.list(name)).filter(
      (alias) => wanted === undefined || String(alias.version) === wanted,
    );
    return { Aliases: aliases.map((alias) => aliasConfiguration(functions, alias)) };
  });

  app.get<AliasParams>(`${BASE}/:alias`, HIDDEN, async (request) => {
    const name = await existing(functions, request.params.name);
    return aliasConfiguration(functions, await functions.aliases.get(name, request.params.alias));
  });

  app.put<AliasParams>(`${BASE}/:alias`, HIDDEN, async (request) => {
    const name = await existing(functions, request.params.name);
    const alias = await functions.aliases.update(
      name,
      request.params.alias,
      changesOf(parseJsonBody(request.body)),
    );
    return aliasConfiguration(functions, alias);
  });

  app.delete<AliasParams>(`${BASE}/:alias`, HIDDEN, async (request, reply) => {
    const name = await existing(functions, request.params.name);
    await functions.aliases.delete(name, request.params.alias);
    return reply.status(204).send();
  });
}

async function existing(functions: FunctionsService, functionName: string): Promise<string> {
  const name = parseFunctionName(functionName).name;
  await functions.describe(name);
  return name;
}

function changesOf(body: JsonBody) {
  const version = optionalString(body, 'FunctionVersion');
  const description = optionalString(body, 'Description');
  return {
    ...(version === undefined ? {} : { version: versionNumber(version) }),
    ...(description === undefined ? {} : { description }),
  };
}

function versionNumber(text: string): number {
  if (!/^\d+$/.test(text))
    throw functionsError(
      'INVALID_PARAMETER',
      `FunctionVersion must be a published version number, not '${text}'`,
    );
  return Number(text);
}
