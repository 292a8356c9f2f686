// `scones up`'s access stage: an administrator key on first run (saved 0600 in $SCONES_HOME, its secret shown
// once), and least-privilege execution roles for the pipeline's functions and state machines.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILTIN_NAMES } from '../../modules/functions/index.js';
import { ACCOUNT_ID, arns } from '../../modules/iam/index.js';
import type { App } from '../container.js';
import { allow, ensureRole, type RoleSpec } from '../iam-roles.js';
import { IMAGE_PIPELINE } from './definitions.js';

export const ADMIN_USER = 'scones-admin';
export const CREDENTIALS_FILE = 'credentials';
export const PROFILE = 'scones';

export interface AccessSummary {
  readonly user: string;
  readonly accessKeyId: string;
  /** Only on the run that created the key: it is never shown again (the file keeps it). */
  readonly secretAccessKey?: string;
  /** `$SCONES_HOME/credentials`, an AWS shared-credentials file with the `scones` profile (mode 0600). */
  readonly credentialsFile: string;
  /** Execution role ARN per pipeline function, and the state machines' roles. */
  readonly functionRoles: Readonly<Record<string, string>>;
  readonly workflowRoles: { readonly imagePipeline: string; readonly testBatch: string };
}

/** The pipeline functions' roles: each may do exactly what its step needs, and nothing else. */
export function pipelineFunctionRoles(bucket: string, endpoint: string): readonly [string, RoleSpec][] {
  const lambda = ['lambda.amazonaws.com'];
  return [
    [
      BUILTIN_NAMES.serialize,
      {
        name: 'scones-serializeImageData',
        services: lambda,
        description: 'serializeImageData: reads test images of the dataset bucket',
        policies: { 'read-test-images': allow('s3:GetObject', arns.s3Object(bucket, 'test/*')) },
      },
    ],
    [
      BUILTIN_NAMES.classify,
      {
        name: 'scones-classifyImage',
        services: lambda,
        description: `classifyImage: invokes the ${endpoint} endpoint`,
        policies: {
          'invoke-endpoint': allow(
            'sagemaker:InvokeEndpoint',
            `arn:aws:sagemaker:*:${ACCOUNT_ID}:endpoint/${endpoint.toLowerCase()}`,
          ),
        },
      },
    ],
    [
      BUILTIN_NAMES.filter,
      {
        name: 'scones-filterLowConfidence',
        services: lambda,
        description: 'filterLowConfidence: needs no AWS access',
        policies: {},
      },
    ],
  ];
}

/** The state machines' roles: the image pipeline invokes the three functions, the batch reads test.lst. */
export function workflowRoleSpecs(
  bucket: string,
  region: string,
): { imagePipeline: RoleSpec; testBatch: RoleSpec } {
  const states = ['states.amazonaws.com'];
  const functions = Object.values(BUILTIN_NAMES).flatMap((name) => [
    `arn:aws:lambda:*:${ACCOUNT_ID}:function:${name}`,
    `arn:aws:lambda:*:${ACCOUNT_ID}:function:${name}:*`,
  ]);
  const pipeline = arns.stateMachine(region, IMAGE_PIPELINE);
  return {
    imagePipeline: {
      name: 'scones-image-pipeline',
      services: states,
      description: 'the image pipeline state machine: invokes the three pipeline functions',
      policies: { 'invoke-pipeline-functions': allow('lambda:InvokeFunction', functions) },
    },
    testBatch: {
      name: 'scones-test-batch',
      services: states,
      description: 'the test batch state machine: reads test.lst and runs the image pipeline on each line',
      policies: {
        'read-test-list': allow('s3:GetObject', arns.s3Object(bucket, 'test.lst')),
        'run-image-pipeline': allow('states:StartExecution', pipeline),
        'watch-image-pipeline': allow(
          ['states:DescribeExecution', 'states:StopExecution'],
          `arn:aws:states:${region}:${ACCOUNT_ID}:execution:${IMAGE_PIPELINE}:*`,
        ),
      },
    },
  };
}

export async function accessStage(app: App, endpoint: string): Promise<AccessSummary> {
  const admin = await ensureAdminKey(app);
  const bucket = app.config.data.bucket;
  const functionRoles: Record<string, string> = {};
  for (const [functionName, spec] of pipelineFunctionRoles(bucket, endpoint)) {
    await ensureRole(app.iam, spec);
    const roleArn = arns.iamRole(spec.name);
    const { record } = await app.functions.describe(functionName);
    if (record.role !== roleArn) await app.functions.updateConfiguration(functionName, { role: roleArn });
    functionRoles[functionName] = roleArn;
  }
  const workflows = workflowRoleSpecs(bucket, app.config.workflows.region);
  await ensureRole(app.iam, workflows.imagePipeline);
  await ensureRole(app.iam, workflows.testBatch);
  return {
    ...admin,
    functionRoles,
    workflowRoles: {
      imagePipeline: arns.iamRole(workflows.imagePipeline.name),
      testBatch: arns.iamRole(workflows.testBatch.name),
    },
  };
}

/** The administrator and the key in the credentials file; a missing user, file or key is (re)created. */
async function ensureAdminKey(
  app: App,
): Promise<Pick<AccessSummary, 'user' | 'accessKeyId' | 'secretAccessKey' | 'credentialsFile'>> {
  const file = path.join(app.config.paths.home, CREDENTIALS_FILE);
  const users = app.iam.users;
  const exists = await users.getUser(ADMIN_USER).then(
    () => true,
    () => false,
  );
  if (!exists) await users.createUser(ADMIN_USER);
  await app.iam.policies.attach({ type: 'user', name: ADMIN_USER }, 'administrator', allow('*', '*'));
  const saved = await readSavedKey(file);
  const keys = await users.listAccessKeys(ADMIN_USER);
  if (saved && keys.some((key) => key.accessKeyId === saved))
    return { user: ADMIN_USER, accessKeyId: saved, credentialsFile: file };
  const created = await users.createAccessKey(ADMIN_USER);
  // A fresh file, so the secret is never written into one that others could already read.
  await rm(file, { force: true });
  await writeFile(file, credentialsText(created.accessKeyId, created.secretAccessKey), {
    mode: 0o600,
    flag: 'wx',
  });
  return {
    user: ADMIN_USER,
    accessKeyId: created.accessKeyId,
    secretAccessKey: created.secretAccessKey,
    credentialsFile: file,
  };
}

function credentialsText(accessKeyId: string, secret: string): string {
  return `[${PROFILE}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secret}\n`;
}

async function readSavedKey(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return /^aws_access_key_id\s*=\s*(\S+)/m.exec(text)?.[1];
}

/** How to use the key, for the summary: the secret only when this run created it. */
export function describeAccess(access: AccessSummary, url: string, authOn: boolean): string[] {
  const profile = `AWS_SHARED_CREDENTIALS_FILE=${access.credentialsFile} AWS_PROFILE=${PROFILE} AWS_ENDPOINT_URL=${url}`;
  const lines = [
    `  access    auth ${authOn ? 'on' : 'off (loopback; `scones serve --auth on` to require keys)'}; admin user ${access.user}, key ${access.accessKeyId}`,
  ];
  if (access.secretAccessKey)
    lines.push(
      '            secret (shown once, also saved 0600 in the credentials file):',
      `            export AWS_ACCESS_KEY_ID=${access.accessKeyId} AWS_SECRET_ACCESS_KEY=${access.secretAccessKey} AWS_ENDPOINT_URL=${url}`,
    );
  lines.push(
    `            or: export ${profile}`,
    `            REST/curl: -H "Authorization: Bearer ${access.accessKeyId}:<secret>"`,
  );
  return lines;
}
