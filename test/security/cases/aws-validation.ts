// Requests AWS refuses with a validation error that Scones once accepted: an unknown enum value (state machine type,
// ListExecutions status filter, Invoke's log and invocation types, ...), a role ARN that names no role, a reserved
// concurrency beyond the account's limit, and an UploadPartCopy range past the end of its source. Each gets AWS's
// error in the protocol's own shape, and nothing runs or is stored.
import { expect } from 'vitest';
import { zipOf } from '../../support/zip.js';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import { type HostileServer, SECRET_KEY, VICTIM_BUCKET } from '../support/hostile-server.js';
import { sfn } from '../support/sfn-request.js';

const ROLE = 'arn:aws:iam::000000000000:role/states-role';
const MACHINE = 'validated-machine';
const DEFINITION = JSON.stringify({ StartAt: 'a', States: { a: { Type: 'Pass', End: true } } });
const FUNCTION = 'validated-fn';
const RESERVING = 'reserving-fn';
const TARGET_KEY = 'assembled.bin';
/** Scones' default account concurrency (32) keeps 4 unreserved, so at most 28 can be reserved in all. */
const RESERVED_IN_SETUP = 20;

let uploadId = '';
let machineArn = '';

const invoke = (headers: Record<string, string>) => (server: HostileServer) =>
  server.aws('lambda', {
    method: 'POST',
    path: `/2015-03-31/functions/${FUNCTION}/invocations`,
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });

const putConcurrency = (name: string, reserved: number) => (server: HostileServer) =>
  server.aws('lambda', {
    method: 'PUT',
    path: `/2017-10-31/functions/${name}/concurrency`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ReservedConcurrentExecutions: reserved }),
  });

const copyPart = (range: string) => (server: HostileServer) =>
  server.aws('s3', {
    method: 'PUT',
    path: `/${VICTIM_BUCKET}/${TARGET_KEY}?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`,
    headers: {
      'x-amz-copy-source': `/${VICTIM_BUCKET}/${SECRET_KEY}`,
      'x-amz-copy-source-range': range,
    },
  });

/** The AWS JSON error message, exactly as AWS words it. */
const message = (expected: string) => (outcome: Outcome) => {
  if (!('status' in outcome)) throw new Error('expected an HTTP reply');
  const body = JSON.parse(outcome.text) as { message?: string };
  expect(body.message).toBe(expected);
};

const enumMessage = (value: string, member: string, set: string) =>
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${set}]`;

const VALIDATION = { status: 400, code: 'ValidationException' } as const;

const stepFunctionsCases: HostileCase[] = [
  {
    name: 'Step Functions CreateStateMachine with type BOGUS',
    act: sfn('CreateStateMachine', {
      name: 'bogus-type',
      definition: DEFINITION,
      roleArn: ROLE,
      type: 'BOGUS',
    }),
    refuse: VALIDATION,
    check: message(enumMessage('BOGUS', 'type', 'STANDARD, EXPRESS')),
  },
  {
    name: 'Step Functions CreateStateMachine with roleArn not-an-arn',
    act: sfn('CreateStateMachine', { name: 'bogus-role', definition: DEFINITION, roleArn: 'not-an-arn' }),
    refuse: { status: 400, code: 'InvalidArn' },
    check: message("Invalid Role Arn: 'not-an-arn'"),
  },
  {
    name: 'Step Functions CreateStateMachine with a policy ARN as its role',
    act: sfn('CreateStateMachine', {
      name: 'policy-role',
      definition: DEFINITION,
      roleArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    }),
    refuse: { status: 400, code: 'InvalidArn' },
  },
  {
    name: 'Step Functions UpdateStateMachine with roleArn not-an-arn',
    act: (s) => sfn('UpdateStateMachine', { stateMachineArn: machineArn, roleArn: 'not-an-arn' })(s),
    refuse: { status: 400, code: 'InvalidArn' },
  },
  {
    name: 'REST create state machine with roleArn not-an-arn (the module checks, whatever the protocol)',
    act: (s) =>
      s.rest({
        method: 'POST',
        path: '/api/v1/state-machines',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'rest-bogus-role',
          definition: JSON.parse(DEFINITION),
          roleArn: 'not-an-arn',
        }),
      }),
    refuse: { status: 400, code: 'WORKFLOW_INVALID_ARN' },
  },
  {
    name: 'Step Functions ListExecutions with statusFilter NOPE',
    act: (s) => sfn('ListExecutions', { stateMachineArn: machineArn, statusFilter: 'NOPE' })(s),
    refuse: VALIDATION,
    check: message(
      enumMessage('NOPE', 'statusFilter', 'RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE'),
    ),
  },
  {
    name: 'workflows ListExecutions with status NOPE from a caller without a schema (the CLI)',
    act: async (s) => {
      try {
        // The CLI passes --status through as typed text; the module must not trust the type.
        const statusFilter = 'NOPE' as 'RUNNING';
        await s.app.workflows.queries.list({ stateMachineArn: machineArn, statusFilter });
        return { thrown: 'nothing: the filter was accepted' };
      } catch (error) {
        return { thrown: error };
      }
    },
    refuse: { code: 'WORKFLOW_INVALID_PARAMETER' },
  },
  {
    name: "Step Functions ListExecutions with statusFilter PENDING_REDRIVE (in AWS's set) lists nothing",
    act: (s) => sfn('ListExecutions', { stateMachineArn: machineArn, statusFilter: 'PENDING_REDRIVE' })(s),
    check: (outcome) => {
      if (!('status' in outcome)) throw new Error('expected an HTTP reply');
      expect(outcome.status, outcome.text).toBe(200);
      expect(JSON.parse(outcome.text)).toEqual({ executions: [] });
    },
  },
  {
    name: 'Step Functions ValidateStateMachineDefinition with severity LOUD',
    act: sfn('ValidateStateMachineDefinition', { definition: DEFINITION, severity: 'LOUD' }),
    refuse: VALIDATION,
  },
  {
    name: 'Step Functions TestState with inspectionLevel EVERYTHING',
    act: sfn('TestState', {
      definition: JSON.stringify({ Type: 'Pass', End: true }),
      inspectionLevel: 'EVERYTHING',
    }),
    refuse: VALIDATION,
  },
];

const lambdaCases: HostileCase[] = [
  {
    name: 'Lambda Invoke with X-Amz-Log-Type: Bogus (refused before the function runs)',
    act: invoke({ 'x-amz-log-type': 'Bogus' }),
    refuse: VALIDATION,
    check: message(enumMessage('Bogus', 'logType', 'None, Tail')),
  },
  {
    name: 'Lambda Invoke with X-Amz-Invocation-Type: Sometime',
    act: invoke({ 'x-amz-invocation-type': 'Sometime' }),
    refuse: VALIDATION,
  },
  {
    name: 'Lambda PutFunctionConcurrency of 1000, above the account limit',
    act: putConcurrency(FUNCTION, 1000),
    refuse: { status: 400, code: 'InvalidParameterValueException' },
    check: message(
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [4].",
    ),
  },
  {
    name: 'Lambda PutFunctionConcurrency that with the reservations already made leaves too little unreserved',
    act: putConcurrency(FUNCTION, 32 - 4 - RESERVED_IN_SETUP + 1),
    refuse: { status: 400, code: 'InvalidParameterValueException' },
  },
];

const s3Cases: HostileCase[] = [
  {
    name: 'S3 UploadPartCopy with x-amz-copy-source-range past the end of the source',
    act: (s) => copyPart('bytes=0-99')(s),
    refuse: { status: 400, code: 'InvalidArgument' },
    check: (outcome) => {
      if (!('status' in outcome)) throw new Error('expected an HTTP reply');
      expect(outcome.text).toContain('Range specified is not valid for source object of size: 7');
    },
  },
  {
    name: "S3 UploadPartCopy with a range ending on the source's last byte is copied",
    act: (s) => copyPart('bytes=0-6')(s),
    changesState: true,
    check: (outcome) => {
      if (!('status' in outcome)) throw new Error('expected an HTTP reply');
      expect(outcome.status, outcome.text).toBe(200);
      expect(outcome.text).toMatch(/<CopyPartResult[ >]/);
    },
  },
  {
    name: 'S3 UploadPartCopy with x-amz-copy-source-range starting past the end of the source',
    act: (s) => copyPart('bytes=100-199')(s),
    refuse: { status: 400, code: 'InvalidArgument' },
  },
];

export const suite = hostileSuite('AWS validation', [...stepFunctionsCases, ...lambdaCases, ...s3Cases], {
  setup: async (server) => {
    const machine = await server.app.workflows.machines.create({
      name: MACHINE,
      definition: DEFINITION,
      roleArn: ROLE,
    });
    machineArn = machine.stateMachineArn;
    const code = {
      kind: 'zip',
      bytes: zipOf([{ name: 'index.js', content: 'exports.handler = async () => 1;' }]),
    } as const;
    await server.app.functions.create({
      name: FUNCTION,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code,
    });
    await server.app.functions.create({
      name: RESERVING,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code,
    });
    await server.app.functions.setReservedConcurrency(RESERVING, RESERVED_IN_SETUP);
    const created = await server.aws('s3', {
      method: 'POST',
      path: `/${VICTIM_BUCKET}/${TARGET_KEY}?uploads`,
    });
    uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.text)?.[1] ?? '';
    expect(uploadId, created.text).not.toBe('');
  },
});
