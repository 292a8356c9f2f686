// Lambda layers through @aws-sdk/client-lambda on a real listening server, on every database: publish (inline
// and from the object store), get, by ARN, list, versions, permissions, delete, and functions whose handlers
// import a module from their layers (Python from /opt/python, Node from /opt/nodejs/node_modules).
import {
  AddLayerVersionPermissionCommand,
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  InvokeCommand,
  type LambdaClient,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { zipOf } from '../../support/zip.js';
import { type FunctionsServer, lambdaClient, serveFunctions } from './support.js';

const PY_LAYER = zipOf([['python/greeting.py', "def greet(name):\n    return 'hello ' + name\n"]]);
const PY_LAYER_V2 = zipOf([['python/greeting.py', "def greet(name):\n    return 'hi again ' + name\n"]]);
const NODE_LAYER = zipOf([
  ['nodejs/node_modules/shouter/index.js', 'exports.shout = (s) => s.toUpperCase() + "!";'],
  ['nodejs/node_modules/shouter/package.json', '{"name":"shouter","main":"index.js"}'],
]);
const PY_HANDLER = zipOf([
  [
    'app.py',
    'import os\nimport sys\nimport greeting\n\ndef handler(event, context):\n    return {"greeting": greeting.greet(event["name"]), "opt": os.path.exists("/opt/python/greeting.py") and "/opt/python" in sys.path}\n',
  ],
]);
const NODE_HANDLER = zipOf([
  [
    'index.js',
    "const { shout } = require('shouter');\nconst fs = require('node:fs');\nexports.handler = async (e) => ({ said: shout(e.word), opt: fs.existsSync('/opt/nodejs/node_modules/shouter/index.js') });",
  ],
]);

for (const engine of DB_MATRIX) {
  describe(`Lambda layers with the AWS SDK on ${engine.name}`, () => {
    let t: FunctionsServer;
    let lambda: LambdaClient;
    let sandboxed = false;

    beforeAll(async () => {
      t = await serveFunctions({ engine, objects: true });
      sandboxed = (await t.home.service.isolation()).mode === 'sandbox';
      lambda = lambdaClient(t.server.url);
    });
    afterAll(async () => {
      lambda?.destroy();
      await t?.close();
    });

    async function sdkError(promise: Promise<unknown>) {
      try {
        await promise;
      } catch (error) {
        const e = error as { name: string; $metadata: { httpStatusCode: number } };
        return [e.name, e.$metadata.httpStatusCode];
      }
      throw new Error('expected the call to fail');
    }
    const decode = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));

    it('publishes, gets, lists and numbers layer versions', async () => {
      const v1 = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'greeting',
          Description: 'first',
          Content: { ZipFile: PY_LAYER },
          CompatibleRuntimes: ['python3.12'],
          LicenseInfo: 'MIT',
        }),
      );
      expect(v1).toMatchObject({
        LayerArn: 'arn:aws:lambda:us-east-1:000000000000:layer:greeting',
        LayerVersionArn: 'arn:aws:lambda:us-east-1:000000000000:layer:greeting:1',
        Version: 1,
        Description: 'first',
        CompatibleRuntimes: ['python3.12'],
        LicenseInfo: 'MIT',
        Content: { CodeSize: PY_LAYER.length },
      });
      await t.store.createBucket('layer-zips');
      await t.store.putObject('layer-zips', 'greeting-v2.zip', PY_LAYER_V2);
      const v2 = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'greeting',
          Content: { S3Bucket: 'layer-zips', S3Key: 'greeting-v2.zip' },
          CompatibleRuntimes: ['python3.12'],
        }),
      );
      expect(v2.Version).toBe(2);
      await lambda.send(
        new PublishLayerVersionCommand({ LayerName: 'shouter', Content: { ZipFile: NODE_LAYER } }),
      );

      const got = await lambda.send(new GetLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 1 }));
      expect(got.Content?.CodeSha256).toBe(v1.Content?.CodeSha256);
      const byArn = await lambda.send(new GetLayerVersionByArnCommand({ Arn: v2.LayerVersionArn }));
      expect(byArn.Version).toBe(2);
      const layers = await lambda.send(new ListLayersCommand({}));
      expect(layers.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version])).toEqual([
        ['greeting', 2],
        ['shouter', 1],
      ]);
      const python = await lambda.send(new ListLayersCommand({ CompatibleRuntime: 'python3.12' }));
      expect(python.Layers?.map((l) => l.LayerName)).toEqual(['greeting']);
      const versions = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'greeting' }));
      expect(versions.LayerVersions?.map((v) => v.Version)).toEqual([2, 1]);

      expect(
        await sdkError(lambda.send(new GetLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 9 }))),
      ).toEqual(['ResourceNotFoundException', 404]);
      const missingS3 = lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'x',
          Content: { S3Bucket: 'layer-zips', S3Key: 'nope.zip' },
        }),
      );
      expect(await sdkError(missingS3)).toEqual(['InvalidParameterValueException', 400]);
    });

    it('runs Python and Node handlers that import from their layers, and refuses unknown layers', async () => {
      const arn = (name: string, version: number) =>
        `arn:aws:lambda:us-east-1:000000000000:layer:${name}:${version}`;
      // A function of one of the two handlers, on the given layers.
      const create = (FunctionName: string, node: boolean, Layers: string[]) =>
        lambda.send(
          new CreateFunctionCommand({
            FunctionName,
            Runtime: node ? 'nodejs20.x' : 'python3.12',
            Handler: node ? 'index.handler' : 'app.handler',
            Role: 'arn:aws:iam::000000000000:role/lambda-role',
            Code: { ZipFile: node ? NODE_HANDLER : PY_HANDLER },
            Layers,
          }),
        );
      const created = await create('py-layered', false, [arn('greeting', 1)]);
      expect(created.Layers).toEqual([{ Arn: arn('greeting', 1), CodeSize: PY_LAYER.length }]);
      const run = async (name: string, payload: object) =>
        decode(
          (await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(payload) })))
            .Payload,
        );
      expect(await run('py-layered', { name: 'ada' })).toEqual({ greeting: 'hello ada', opt: sandboxed });

      await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'py-layered', Layers: [arn('greeting', 2)] }),
      );
      const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'py-layered' }));
      expect(got.Configuration?.Layers?.map((l) => l.Arn)).toEqual([arn('greeting', 2)]);
      expect((await run('py-layered', { name: 'ada' })).greeting).toBe('hi again ada');

      await create('node-layered', true, [arn('shouter', 1)]);
      expect(await run('node-layered', { word: 'hey' })).toEqual({ said: 'HEY!', opt: sandboxed });

      const unknown = (layers: string[]) => sdkError(create('never', false, layers));
      expect(await unknown([arn('greeting', 7)])).toEqual(['InvalidParameterValueException', 400]);
      expect(await unknown([arn('nothing', 1)])).toEqual(['InvalidParameterValueException', 400]);
      expect(await unknown(Array.from({ length: 6 }, (_, i) => arn('greeting', i + 1)))).toEqual([
        'InvalidParameterValueException',
        400,
      ]);
      const update = lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'py-layered', Layers: [arn('greeting', 3)] }),
      );
      expect(await sdkError(update)).toEqual(['InvalidParameterValueException', 400]);
    });

    it('keeps permissions and deletes versions while attached functions keep running', async () => {
      // The same grant twice: the second is a conflict.
      const grantEveryone = () =>
        lambda.send(
          new AddLayerVersionPermissionCommand({
            LayerName: 'greeting',
            VersionNumber: 2,
            StatementId: 'everyone',
            Action: 'lambda:GetLayerVersion',
            Principal: '*',
          }),
        );
      const added = await grantEveryone();
      expect(JSON.parse(added.Statement ?? '{}')).toMatchObject({ Sid: 'everyone', Principal: '*' });
      const duplicate = grantEveryone();
      expect(await sdkError(duplicate)).toEqual(['ResourceConflictException', 409]);
      const policy = await lambda.send(
        new GetLayerVersionPolicyCommand({ LayerName: 'greeting', VersionNumber: 2 }),
      );
      expect(JSON.parse(policy.Policy ?? '{}').Statement).toHaveLength(1);
      expect(policy.RevisionId).toBe(added.RevisionId);
      await lambda.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: 'greeting',
          VersionNumber: 2,
          StatementId: 'everyone',
        }),
      );
      const none = lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'greeting', VersionNumber: 2 }));
      expect(await sdkError(none)).toEqual(['ResourceNotFoundException', 404]);

      await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 2 }));
      await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 2 }));
      const gone = lambda.send(new GetLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 2 }));
      expect(await sdkError(gone)).toEqual(['ResourceNotFoundException', 404]);
      const versions = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'greeting' }));
      expect(versions.LayerVersions?.map((v) => v.Version)).toEqual([1]);
      const result = await lambda.send(
        new InvokeCommand({ FunctionName: 'py-layered', Payload: '{"name":"bo"}' }),
      );
      expect(decode(result.Payload).greeting).toBe('hi again bo');
      const next = await lambda.send(
        new PublishLayerVersionCommand({ LayerName: 'greeting', Content: { ZipFile: PY_LAYER } }),
      );
      expect(next.Version).toBe(3);
    });
  });
}
