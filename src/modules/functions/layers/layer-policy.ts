// AddLayerVersionPermission's statement rules and the statement Lambda stores for them.
import { functionsError } from '../errors.js';
import type { LayerStatement } from './layer-registry.js';

export interface PermissionInput {
  readonly statementId: string;
  readonly action: string;
  readonly principal: string;
  readonly organizationId?: string;
}

const STATEMENT_ID = /^[a-zA-Z0-9_-]{1,100}$/;
const PRINCIPAL = /^(\d{12}|\*|arn:aws[a-zA-Z-]*:iam::\d{12}:root)$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;

export function layerStatement(input: PermissionInput, resource: string, partition: string): LayerStatement {
  if (!STATEMENT_ID.test(input.statementId)) throw invalid('statementId', input.statementId);
  if (input.action !== 'lambda:GetLayerVersion') throw invalid('action', input.action);
  if (!PRINCIPAL.test(input.principal)) throw invalid('principal', input.principal);
  if (input.organizationId !== undefined && !ORGANIZATION.test(input.organizationId))
    throw invalid('organizationId', input.organizationId);
  if (input.organizationId !== undefined && input.principal !== '*')
    throw functionsError('INVALID_PARAMETER', 'Principal must be * when an OrganizationId is specified.');
  const principal = /^\d{12}$/.test(input.principal)
    ? { AWS: `arn:${partition}:iam::${input.principal}:root` }
    : input.principal.startsWith('arn:')
      ? { AWS: input.principal }
      : '*';
  return {
    Sid: input.statementId,
    Effect: 'Allow',
    Principal: principal,
    Action: input.action,
    Resource: resource,
    ...(input.organizationId === undefined
      ? {}
      : { Condition: { StringEquals: { 'aws:PrincipalOrgID': input.organizationId } } }),
  };
}

export function policyDocument(statements: readonly LayerStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

function invalid(member: string, value: string) {
  return functionsError(
    'VALIDATION_FAILED',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint`,
    { member },
  );
}
