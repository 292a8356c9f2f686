// Region and account spoofing: mallory may do anything except what explicit Denies forbid on the victim function,
// the `bikes` endpoint, the victim state machine, the victim bucket and the admin role. She signs for another
// region, or names the victim by an ARN of another region, account or partition, or spells a role ARN with a path.
// Every attempt must be refused; the administrator's foreign ARNs must resolve to nothing (not found), per service.
import { registerNanModel } from '../../support/onnx-nan-model.js';
import { zipOf } from '../../support/zip.js';
import type { HostileCase } from '../support/hostile-cases.js';
import {
  createUserWithKey,
  type HostileServer,
  SECRET_KEY,
  VICTIM_BUCKET,
} from '../support/hostile-server.js';
import type { HttpCall } from '../support/http-client.js';
import type { Credentials, Service } from '../support/sign.js';
import { DENIED, lambdaJson, setupActors, sfnCall, sigv4As, VICTIM_FUNCTION } from './auth-actors.js';

const HOME = { partition: 'aws', region: 'us-east-1', account: '000000000000' };
const ENDPOINT = 'bikes';
const MACHINE = 'victim-sm';
const EXECUTION = 'run-1';
const DEFINITION = '{"StartAt":"a","States":{"a":{"Type":"Succeed"}}}';

interface Scope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The victim's ARNs as written from elsewhere: each names a resource that is not on this server. */
const SPELLINGS: readonly (readonly [string, Scope])[] = [
  ['another region', { ...HOME, region: 'eu-west-1' }],
  ['a made-up region', { ...HOME, region: 'xx-fake-9' }],
  ['another account', { ...HOME, account: '123456789012' }],
  ['another partition', { ...HOME, partition: 'aws-cn' }],
];
const FOREIGN_REGIONS = ['eu-west-1', 'xx-fake-9'];

const arnIn = (scope: Scope, service: string, resource: string) =>
  `arn:${scope.partition}:${service}:${scope.region}:${scope.account}:${resource}`;
const functionArn = (scope: Scope) => arnIn(scope, 'lambda', `function:${VICTIM_FUNCTION}`);
const machineArn = (scope: Scope) => arnIn(scope, 'states', `stateMachine:${MACHINE}`);
const executionArn = (scope: Scope) => arnIn(scope, 'states', `execution:${MACHINE}:${EXECUTION}`);
const ADMIN_ROLE_ARN = `arn:aws:iam::${HOME.account}:role/admin-role`;

/** Allowed everything, denied the victims by their real ARNs (as an administrator would write the policy). */
const MALLORY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    {
      Effect: 'Deny',
      Action: 'lambda:*',
      Resource: [functionArn(HOME), `${functionArn(HOME)}:*`],
    },
    {
      Effect: 'Deny',
      Action: 'sagemaker:InvokeEndpoint',
      Resource: arnIn(HOME, 'sagemaker', `endpoint/${ENDPOINT}`),
    },
    {
      Effect: 'Deny',
      Action: 'states:*',
      Resource: [machineArn(HOME), `${machineArn(HOME)}:*`, arnIn(HOME, 'states', `execution:${MACHINE}:*`)],
    },
    {
      Effect: 'Deny',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${VICTIM_BUCKET}`, `arn:aws:s3:::${VICTIM_BUCKET}/*`],
    },
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: ADMIN_ROLE_ARN },
  ],
};

const mallory = { keys: undefined as unknown as Credentials };

const asMallory = (service: Service, call: HttpCall, region?: string) => (s: HostileServer) =>
  sigv4As(s, service, call, mallory.keys, region === undefined ? {} : { region });
const asAdmin = (service: Service, call: HttpCall) => (s: HostileServer) => s.aws(service, call);

const invoke = (name: string) =>
  lambdaJson('POST', `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {});
const getFunction = (name: string): HttpCall => ({
  method: 'GET',
  path: `/2015-03-31/functions/${encodeURIComponent(name)}`,
});
const invokeEndpoint: HttpCall = {
  method: 'POST',
  path: `/endpoints/${ENDPOINT}/invocations`,
  headers: { 'content-type': 'application/x-image' },
  body: Buffer.from('not an image, never read'),
};

const WRONG_REGION_JSON = { status: 403, code: 'InvalidSignatureException' };
const NO_FUNCTION = { status: 404, code: 'ResourceNotFoundException' };
const NO_MACHINE = { status: 400, code: 'StateMachineDoesNotExist' };

/** A request signed for another region is for another region's endpoint: refused whoever signs and whatever it names. */
const signedElsewhere: HostileCase[] = FOREIGN_REGIONS.flatMap((region): HostileCase[] => [
  {
    name: `Lambda Invoke of the denied function signed for ${region}`,
    act: asMallory('lambda', invoke(VICTIM_FUNCTION), region),
    refuse: WRONG_REGION_JSON,
  },
  {
    name: `SageMaker InvokeEndpoint of the denied ${ENDPOINT} signed for ${region}`,
    act: asMallory('sagemaker', invokeEndpoint, region),
    refuse: WRONG_REGION_JSON,
  },
  {
    name: `Step Functions UpdateStateMachine of the denied machine signed for ${region}`,
    act: asMallory(
      'states',
      sfnCall('UpdateStateMachine', { stateMachineArn: machineArn(HOME), definition: DEFINITION }),
      region,
    ),
    refuse: WRONG_REGION_JSON,
  },
  {
    name: `Step Functions DescribeStateMachine of the denied machine signed for ${region}`,
    act: asMallory('states', sfnCall('DescribeStateMachine', { stateMachineArn: machineArn(HOME) }), region),
    refuse: WRONG_REGION_JSON,
  },
  {
    name: `S3 GetObject in the denied bucket signed for ${region}`,
    act: asMallory('s3', { method: 'GET', path: `/${VICTIM_BUCKET}/${SECRET_KEY}` }, region),
    refuse: { status: 400, code: 'AuthorizationHeaderMalformed' },
    check: (outcome) => {
      if (!('text' in outcome) || !outcome.text.includes(`<Region>${HOME.region}</Region>`))
        throw new Error('S3 names the region it expected');
    },
  },
  {
    name: `S3 presigned GetObject in the denied bucket signed for ${region}`,
    act: (s) =>
      sigv4As(s, 's3', { method: 'GET', path: `/${VICTIM_BUCKET}/${SECRET_KEY}` }, mallory.keys, {
        region,
        presignSeconds: 300,
      }),
    refuse: { status: 400, code: 'AuthorizationQueryParametersError' },
  },
  {
    name: `S3 PutObject by the administrator signed for ${region}`,
    act: (s) =>
      sigv4As(s, 's3', { method: 'PUT', path: `/${VICTIM_BUCKET}/planted.txt`, body: 'x' }, s.credentials, {
        region,
      }),
    refuse: { status: 400, code: 'AuthorizationHeaderMalformed' },
  },
  {
    name: `REST API GET of the denied function signed (SigV4) for ${region}`,
    act: asMallory('execute-api', { method: 'GET', path: `/api/v1/functions/${VICTIM_FUNCTION}` }, region),
    refuse: { status: 401, code: 'IAM_WRONG_REGION' },
  },
]);

/** The denied victim named from elsewhere: the Deny is checked on the real ARN, whatever the spelling. */
const spelledElsewhere: HostileCase[] = SPELLINGS.flatMap(([where, scope]): HostileCase[] => [
  {
    name: `Lambda Invoke of the denied function by its ARN in ${where}`,
    act: asMallory('lambda', invoke(functionArn(scope))),
    refuse: DENIED,
  },
  {
    name: `Step Functions DescribeStateMachine of the denied machine by its ARN in ${where}`,
    act: asMallory('states', sfnCall('DescribeStateMachine', { stateMachineArn: machineArn(scope) })),
    refuse: DENIED,
  },
  {
    name: `Step Functions StartExecution of the denied machine by its ARN in ${where}`,
    act: asMallory(
      'states',
      sfnCall('StartExecution', { stateMachineArn: machineArn(scope), name: 'spoofed' }),
    ),
    refuse: DENIED,
  },
  {
    name: `Step Functions UpdateStateMachine (new definition) of the denied machine by its ARN in ${where}`,
    act: asMallory(
      'states',
      sfnCall('UpdateStateMachine', {
        stateMachineArn: machineArn(scope),
        definition: '{"StartAt":"b","States":{"b":{"Type":"Fail","Error":"Owned"}}}',
      }),
    ),
    refuse: DENIED,
  },
  {
    name: `Step Functions DescribeExecution of the denied machine's run by its ARN in ${where}`,
    act: asMallory('states', sfnCall('DescribeExecution', { executionArn: executionArn(scope) })),
    refuse: DENIED,
  },
]);

/** The administrator's foreign ARNs: they name resources of another region or account, which do not exist here. */
const resolvesToNothing: HostileCase[] = SPELLINGS.flatMap(([where, scope]): HostileCase[] => [
  {
    name: `administrator Lambda Invoke by a function ARN in ${where} finds no function`,
    act: asAdmin('lambda', invoke(functionArn(scope))),
    refuse: NO_FUNCTION,
  },
  {
    name: `administrator Lambda GetFunction by a function ARN in ${where} finds no function`,
    act: asAdmin('lambda', getFunction(functionArn(scope))),
    refuse: NO_FUNCTION,
  },
  {
    name: `administrator Lambda DeleteFunction by a function ARN in ${where} deletes nothing`,
    act: asAdmin('lambda', { method: 'DELETE', path: getFunction(functionArn(scope)).path }),
    refuse: NO_FUNCTION,
  },
  {
    name: `administrator Step Functions DescribeStateMachine by an ARN in ${where} finds no machine`,
    act: asAdmin('states', sfnCall('DescribeStateMachine', { stateMachineArn: machineArn(scope) })),
    refuse: NO_MACHINE,
  },
  {
    name: `administrator Step Functions UpdateStateMachine by an ARN in ${where} changes nothing`,
    act: asAdmin(
      'states',
      sfnCall('UpdateStateMachine', { stateMachineArn: machineArn(scope), definition: DEFINITION }),
    ),
    refuse: NO_MACHINE,
  },
  {
    name: `administrator Step Functions StartExecution by an ARN in ${where} starts nothing`,
    act: asAdmin(
      'states',
      sfnCall('StartExecution', { stateMachineArn: machineArn(scope), name: 'elsewhere' }),
    ),
    refuse: NO_MACHINE,
  },
  {
    name: `administrator Step Functions DescribeExecution by an ARN in ${where} finds no execution`,
    act: asAdmin('states', sfnCall('DescribeExecution', { executionArn: executionArn(scope) })),
    refuse: { status: 400, code: 'ExecutionDoesNotExist' },
  },
]);

const partialArns: HostileCase[] = [
  {
    name: 'Lambda Invoke of the denied function by a partial ARN of another account',
    act: asMallory('lambda', invoke(`123456789012:function:${VICTIM_FUNCTION}`)),
    refuse: DENIED,
  },
  {
    name: 'administrator Lambda Invoke by a partial ARN of another account finds no function',
    act: asAdmin('lambda', invoke(`123456789012:function:${VICTIM_FUNCTION}`)),
    refuse: NO_FUNCTION,
  },
];

const zip = () =>
  zipOf([{ name: 'index.js', content: 'exports.handler = async () => 1;' }]).toString('base64');
const createFunction = (role: string) =>
  lambdaJson('POST', '/2015-03-31/functions', {
    FunctionName: 'mallory-fn',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: role,
    Code: { ZipFile: zip() },
  });
const createMachine = (roleArn: string) =>
  sfnCall('CreateStateMachine', { name: 'mallory-sm', roleArn, definition: DEFINITION });

/** The denied admin role passed by another spelling: a path, another account, another partition. */
const roleSpellings: HostileCase[] = [
  {
    name: 'CreateStateMachine passing the denied admin role with a path in its ARN',
    act: asMallory('states', createMachine('arn:aws:iam::000000000000:role/evil/admin-role')),
    refuse: DENIED,
  },
  {
    name: 'CreateFunction passing the denied admin role with a path in its ARN',
    act: asMallory('lambda', createFunction('arn:aws:iam::000000000000:role/evil/admin-role')),
    refuse: DENIED,
  },
  ...[
    ['another account', 'arn:aws:iam::123456789012:role/admin-role'],
    ['another partition', 'arn:aws-cn:iam::000000000000:role/admin-role'],
  ].flatMap(([where, role]): HostileCase[] => [
    {
      name: `CreateStateMachine passing the admin role's name in ${where}`,
      act: asMallory('states', createMachine(role as string)),
      refuse: { status: [400, 403], code: 'AccessDeniedException' },
    },
    {
      name: `CreateFunction passing the admin role's name in ${where}`,
      act: asMallory('lambda', createFunction(role as string)),
      refuse: { status: 400, code: 'InvalidParameterValueException' },
    },
  ]),
];

export const regionSpoofingCases: HostileCase[] = [
  ...signedElsewhere,
  ...spelledElsewhere,
  ...resolvesToNothing,
  ...partialArns,
  ...roleSpellings,
];

/** alice and the victims of the authentication cases, mallory, the `bikes` endpoint and a victim state machine. */
export async function setupRegionVictims(s: HostileServer): Promise<void> {
  await setupActors(s);
  mallory.keys = await createUserWithKey(s.app, 'mallory', MALLORY_POLICY);
  await registerNanModel(s.app, 'region-target');
  await s.app.inference.endpoints.deploy({ name: ENDPOINT, variants: [{ model: '1' }] });
  await s.running.endpoints.refresh();
  const created = await s.aws(
    'states',
    sfnCall('CreateStateMachine', { name: MACHINE, definition: DEFINITION }),
  );
  if (created.status !== 200) throw new Error(`CreateStateMachine: ${created.status} ${created.text}`);
  const started = await s.aws(
    'states',
    sfnCall('StartExecution', { stateMachineArn: machineArn(HOME), name: EXECUTION }),
  );
  if (started.status !== 200) throw new Error(`StartExecution: ${started.status} ${started.text}`);
  await untilFinished(s);
}

/** The victim execution has ended, so no case's before/after snapshot sees it move. */
async function untilFinished(s: HostileServer): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const described = await s.aws(
      'states',
      sfnCall('DescribeExecution', { executionArn: executionArn(HOME) }),
    );
    if (!described.text.includes('"RUNNING"')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the victim execution never finished');
}
