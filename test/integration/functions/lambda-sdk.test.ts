// The Lambda API on a real listening server, driven by the official @aws-sdk/client-lambda: create with a zip,
// invoke (sync, Event, DryRun, Tail), errors in Lambda's shapes, versions, aliases, list, update and delete.
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  type LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { zipOf } from '../../support/zip.js';
import { type FunctionsServer, lambdaClient, serveFunctions } from './support.js';

let t: FunctionsServer;
let lambda: LambdaClient;

const HANDLER_V1 = `
exports.handler = async (event, context) => {
  console.log('hello from v1', JSON.stringify(event));
  if (event.fail) { const e = new Error('it broke'); e.name = 'BrokenThing'; throw e; }
  return { v: 1, event, version: context.functionVersion };
};`;
const HANDLER_V2 = 'exports.handler = async (event) => ({ v: 2, event });';

for (const engine of DB_MATRIX) {
  describe(`Lambda API on ${engine.name}`, () => {
    beforeAll(async () => {
      const service = { async: { retryDelaysMs: [10, 10] }, asyncPollMs: 50 };
      t = await serveFunctions({ service, engine, start: true });
      lambda = lambdaClient(t.server.url);
    });
    afterAll(async () => {
      lambda?.destroy();
      await t?.close();
    });

    const decode = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));

    async function sdkError(promise: Promise<unknown>) {
      try {
        await promise;
      } catch (error) {
        const e = error as {
          name: string;
          $metadata: { httpStatusCode: number };
          Reason?: string;
          message: string;
        };
        return { name: e.name, status: e.$metadata.httpStatusCode, reason: e.Reason, message: e.message };
      }
      throw new Error('expected the call to fail');
    }

    describe('Lambda API with the AWS SDK', () => {
      it('creates a function from a zip and invokes it synchronously with the log tail', async () => {
        const created = await lambda.send(
          new CreateFunctionCommand({
            FunctionName: 'sdk-fn',
            Runtime: 'nodejs20.x',
            Role: 'arn:aws:iam::000000000000:role/pipeline',
            Handler: 'index.handler',
            Code: { ZipFile: zipOf([['index.js', HANDLER_V1]]) },
            Timeout: 5,
            MemorySize: 256,
            Environment: { Variables: { STAGE: 'test' } },
          }),
        );
        expect(created).toMatchObject({
          FunctionName: 'sdk-fn',
          FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sdk-fn',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Timeout: 5,
          MemorySize: 256,
          Version: '$LATEST',
          State: 'Active',
          Environment: { Variables: { STAGE: 'test' } },
        });
        const invoked = await lambda.send(
          new InvokeCommand({ FunctionName: 'sdk-fn', Payload: Buffer.from('{"n":1}'), LogType: 'Tail' }),
        );
        expect(invoked.StatusCode).toBe(200);
        expect(invoked.FunctionError).toBeUndefined();
        expect(invoked.ExecutedVersion).toBe('$LATEST');
        expect(decode(invoked.Payload)).toEqual({ v: 1, event: { n: 1 }, version: '$LATEST' });
        const tail = Buffer.from(invoked.LogResult ?? '', 'base64').toString('utf8');
        expect(tail).toMatch(
          /START RequestId: [\s\S]*hello from v1 \{"n":1\}[\s\S]*END RequestId:[\s\S]*REPORT RequestId:/,
        );
      });

      it('reports a handler failure with HTTP 200 and X-Amz-Function-Error', async () => {
        const failed = await lambda.send(
          new InvokeCommand({ FunctionName: 'sdk-fn', Payload: Buffer.from('{"fail":true}') }),
        );
        expect(failed.StatusCode).toBe(200);
        expect(failed.FunctionError).toBe('Unhandled');
        expect(decode(failed.Payload)).toMatchObject({ errorType: 'BrokenThing', errorMessage: 'it broke' });
      });

      it('queues Event invocations (202) that the server runs, and answers DryRun with 204', async () => {
        const queued = await lambda.send(
          new InvokeCommand({
            FunctionName: 'sdk-fn',
            InvocationType: 'Event',
            Payload: Buffer.from('{"later":1}'),
          }),
        );
        expect(queued.StatusCode).toBe(202);
        const requestId = queued.$metadata.requestId as string;
        const done = await t.home.service.asyncSettled(requestId);
        expect(done.status).toBe('succeeded');
        expect(JSON.parse(done.result?.payload ?? '{}')).toMatchObject({ event: { later: 1 } });
        const dry = await lambda.send(
          new InvokeCommand({ FunctionName: 'sdk-fn', InvocationType: 'DryRun' }),
        );
        expect(dry.StatusCode).toBe(204);
      });

      it('answers errors in Lambda shapes the SDK turns into its exceptions', async () => {
        expect(await sdkError(lambda.send(new InvokeCommand({ FunctionName: 'nope' })))).toMatchObject({
          name: 'ResourceNotFoundException',
          status: 404,
        });
        expect(
          await sdkError(lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn', Qualifier: '99' }))),
        ).toMatchObject({
          name: 'ResourceNotFoundException',
          status: 404,
        });
        const badJson = await sdkError(
          lambda.send(new InvokeCommand({ FunctionName: 'sdk-fn', Payload: Buffer.from('{oops') })),
        );
        expect(badJson).toMatchObject({ name: 'InvalidRequestContentException', status: 400 });
        const tooLarge = Buffer.from(JSON.stringify({ blob: 'x'.repeat(6 * 1024 * 1024) }));
        expect(
          await sdkError(lambda.send(new InvokeCommand({ FunctionName: 'sdk-fn', Payload: tooLarge }))),
        ).toMatchObject({
          name: 'RequestEntityTooLargeException',
          status: 413,
        });
        const bigEvent = Buffer.from(JSON.stringify({ blob: 'x'.repeat(300 * 1024) }));
        expect(
          await sdkError(
            lambda.send(
              new InvokeCommand({ FunctionName: 'sdk-fn', InvocationType: 'Event', Payload: bigEvent }),
            ),
          ),
        ).toMatchObject({ name: 'RequestEntityTooLargeException', status: 413 });
        const badZip = await sdkError(
          lambda.send(
            new CreateFunctionCommand({
              FunctionName: 'evil',
              Runtime: 'nodejs20.x',
              Role: 'r',
              Handler: 'index.handler',
              Code: { ZipFile: zipOf([['../../escape.js', 'x']]) },
            }),
          ),
        );
        expect(badZip).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
        const taken = await sdkError(
          lambda.send(
            new CreateFunctionCommand({
              FunctionName: 'sdk-fn',
              Runtime: 'nodejs20.x',
              Role: 'r',
              Handler: 'index.handler',
              Code: { ZipFile: zipOf([['index.js', HANDLER_V2]]) },
            }),
          ),
        );
        expect(taken).toMatchObject({ name: 'ResourceConflictException', status: 409 });
        const badTimeout = await sdkError(
          lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'sdk-fn', Timeout: 901 })),
        );
        expect(badTimeout).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
      });

      it('throttles with TooManyRequestsException (429) and its Reason', async () => {
        await lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'sdk-fn', ReservedConcurrentExecutions: 0 }),
        );
        expect(await sdkError(lambda.send(new InvokeCommand({ FunctionName: 'sdk-fn' })))).toMatchObject({
          name: 'TooManyRequestsException',
          status: 429,
          reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
        });
        const described = await lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn' }));
        expect(described.Concurrency?.ReservedConcurrentExecutions).toBe(0);
        await lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'sdk-fn', ReservedConcurrentExecutions: 5 }),
        );
      });

      it('updates code and configuration as new versions, with aliases and qualified invokes', async () => {
        const before = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'sdk-fn' }));
        const updated = await lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: 'sdk-fn',
            ZipFile: zipOf([['index.js', HANDLER_V2]]),
            Publish: true,
          }),
        );
        expect(updated.CodeSha256).not.toBe(before.CodeSha256);
        expect(updated.Version).toBe('2');
        expect(
          decode((await lambda.send(new InvokeCommand({ FunctionName: 'sdk-fn' }))).Payload),
        ).toMatchObject({
          v: 2,
        });
        const configured = await lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: 'sdk-fn',
            Environment: { Variables: { STAGE: 'prod' } },
          }),
        );
        expect(configured.Environment?.Variables).toEqual({ STAGE: 'prod' });
        const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'sdk-fn' }));
        expect(published.Version).toBe('3');
        const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'sdk-fn' }));
        expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2', '3']);

        const alias = await lambda.send(
          new CreateAliasCommand({ FunctionName: 'sdk-fn', Name: 'stable', FunctionVersion: '1' }),
        );
        expect(alias.AliasArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:sdk-fn:stable');
        expect(
          (await lambda.send(new GetAliasCommand({ FunctionName: 'sdk-fn', Name: 'stable' })))
            .FunctionVersion,
        ).toBe('1');
        expect(
          (await lambda.send(new ListAliasesCommand({ FunctionName: 'sdk-fn' }))).Aliases?.map((a) => a.Name),
        ).toEqual(['stable']);
        const viaAlias = await lambda.send(
          new InvokeCommand({ FunctionName: 'sdk-fn', Qualifier: 'stable', Payload: Buffer.from('{}') }),
        );
        expect(viaAlias.ExecutedVersion).toBe('1');
        expect(decode(viaAlias.Payload)).toMatchObject({ v: 1, version: '1' });
        const viaArn = await lambda.send(
          new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:sdk-fn:2' }),
        );
        expect(viaArn.ExecutedVersion).toBe('2');
      });

      it('lists functions (built-ins and pages included) and deletes', async () => {
        await t.home.service.seedBuiltins();
        const listed = await lambda.send(new ListFunctionsCommand({}));
        const names = listed.Functions?.map((f) => f.FunctionName) ?? [];
        expect(names).toEqual(
          expect.arrayContaining([
            'sdk-fn',
            'scones-serializeImageData',
            'scones-classifyImage',
            'scones-filterLowConfidence',
          ]),
        );
        const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
        expect(page.Functions).toHaveLength(2);
        const rest = await lambda.send(new ListFunctionsCommand({ Marker: page.NextMarker }));
        expect([...(page.Functions ?? []), ...(rest.Functions ?? [])].map((f) => f.FunctionName)).toEqual(
          names,
        );
        await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sdk-fn' }));
        expect(await sdkError(lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn' })))).toMatchObject(
          {
            name: 'ResourceNotFoundException',
          },
        );
      });
    });
  });
}
