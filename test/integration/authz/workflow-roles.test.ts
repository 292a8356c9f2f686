// With auth on, a state machine's role governs its tasks: the pipeline role `scones up` creates may invoke the three
// pipeline functions, a role without that grant fails the task with Lambda.AWSLambdaException (nothing runs), and
// Map's ItemReader reads only what the role may read. The role's trust policy is checked on every call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessStage } from '../../../src/app/pipeline/access-stage.js';
import { arns, trustPolicyForServices } from '../../../src/modules/iam/index.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { allowAll, allowOnly } from './support.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ 'server.auth': 'on', 'workflows.timeScale': 0 });
  await server.app.store.createBucket('scones');
  await server.app.store.putObject('scones', 'test.lst', Buffer.from('1\t8\ttest/a.png\n'));
  await server.app.store.putObject('scones', 'train.lst', Buffer.from('1\t8\ttrain/a.png\n'));
  await accessStage(server.app, 'bikes');
}, 60_000);
afterAll(() => server?.close());

const filterTask = (functionName: string) =>
  JSON.stringify({
    StartAt: 'Filter',
    States: {
      Filter: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: functionName, Payload: { body: { inferences: [0.99, 0.01] } } },
        OutputPath: '$.Payload',
        End: true,
      },
    },
  });

async function run(name: string, definition: string, roleArn?: string) {
  const workflows = server.app.workflows;
  const { stateMachineArn } = await workflows.machines.create({
    name,
    definition,
    ...(roleArn ? { roleArn } : {}),
  });
  const { executionArn } = await workflows.executions.start({ stateMachineArn, input: '{}' });
  await workflows.executions.waitFor(executionArn);
  return workflows.queries.describe(executionArn);
}

describe('state machine execution roles', () => {
  it('the image pipeline role invokes the pipeline functions', async () => {
    const ended = await run(
      'with-pipeline-role',
      filterTask(`${server.app.functions.arn('scones-filterLowConfidence')}:$LATEST`),
      arns.iamRole('scones-image-pipeline'),
    );
    expect(ended.status, JSON.stringify(ended)).toBe('SUCCEEDED');
  });

  it('a role without lambda:InvokeFunction on the function fails the task before it runs', async () => {
    await server.app.iam.roles.createRole('only-serialize');
    await server.app.iam.policies.attach(
      { type: 'role', name: 'only-serialize' },
      'serialize',
      allowOnly('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:scones-serializeImageData*'),
    );
    const ended = await run(
      'with-narrow-role',
      filterTask('scones-filterLowConfidence'),
      arns.iamRole('only-serialize'),
    );
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('Lambda.AWSLambdaException');
    expect(ended.cause).toContain('lambda:InvokeFunction');
  });

  it('machines without a role run as scones-workflows, which may do nothing until granted', async () => {
    const denied = await run('no-role', filterTask('scones-filterLowConfidence'));
    expect(denied.status).toBe('FAILED');
    expect(denied.error).toBe('Lambda.AWSLambdaException');
    await server.app.iam.policies.attach({ type: 'role', name: 'scones-workflows' }, 'all', allowAll());
    const allowed = await run('no-role-granted', filterTask('scones-filterLowConfidence'));
    expect(allowed.status).toBe('SUCCEEDED');
  });

  it('a role whose trust policy no longer names states.amazonaws.com fails the task, and works once it does', async () => {
    const iam = server.app.iam;
    await iam.roles.createRole('lambda-only', {
      trustPolicy: trustPolicyForServices(['lambda.amazonaws.com']),
    });
    await iam.policies.attach({ type: 'role', name: 'lambda-only' }, 'all', allowAll());
    const role = arns.iamRole('lambda-only');
    const untrusted = await run('untrusted-role', filterTask('scones-filterLowConfidence'), role);
    expect(untrusted.status).toBe('FAILED');
    expect(untrusted.error).toBe('Lambda.AWSLambdaException');
    expect(untrusted.cause).toContain('states.amazonaws.com may not assume role lambda-only');
    await iam.roles.updateTrustPolicy('lambda-only', trustPolicyForServices(['states.amazonaws.com']));
    expect((await run('trusted-role', filterTask('scones-filterLowConfidence'), role)).status).toBe(
      'SUCCEEDED',
    );
  });

  it("Map's ItemReader reads test.lst under the test batch role, and not train.lst", async () => {
    const reader = (key: string) =>
      JSON.stringify({
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemReader: {
              Resource: 'arn:aws:states:::s3:getObject',
              ReaderConfig: {
                InputType: 'CSV',
                CSVHeaderLocation: 'GIVEN',
                CSVHeaders: ['i', 'l', 'k'],
                CSVDelimiter: 'TAB',
              },
              Parameters: { Bucket: 'scones', Key: key },
            },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Pass',
              States: { Pass: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      });
    const role = arns.iamRole('scones-test-batch');
    expect((await run('batch-test', reader('test.lst'), role)).status).toBe('SUCCEEDED');
    const train = await run('batch-train', reader('train.lst'), role);
    expect(train.status).toBe('FAILED');
    expect(train.error).toBe('States.ItemReaderFailed');
    expect(train.cause).toContain('s3:GetObject');
  });
});
