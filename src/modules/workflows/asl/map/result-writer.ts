// ResultWriter: stores a Map's results in the object store and makes the Map output point at them.
import { AslError, StatesErrors } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { evaluateTemplate } from '../paths/payload-template.js';
import type { ChildrenWait } from '../run-state.js';
import type { StateContext } from '../step/state-context.js';

/** Issues the writeObject commands (results files and manifest) and returns the Map's output. */
export async function writeResults(ctx: StateContext, wait: ChildrenWait): Promise<Json> {
  const params = await writerParameters(ctx, wait);
  const bucket = params.Bucket as string;
  const mapRunId = ctx.random.uuid();
  const prefix =
    typeof params.Prefix === 'string' && params.Prefix !== '' ? `${params.Prefix.replace(/\/$/, '')}/` : '';
  const base = `${prefix}${mapRunId}`;
  const failed = new Set(wait.failed);
  const entries = wait.results.map((output, index) => ({
    Index: index,
    Status: failed.has(index) ? 'FAILED' : 'SUCCEEDED',
    Output: output,
  }));
  const succeededKey = `${base}/SUCCEEDED_0.json`;
  const failedKey = `${base}/FAILED_0.json`;
  const manifestKey = `${base}/manifest.json`;
  const arn = mapRunArn(ctx, mapRunId);
  const files: [string, Json][] = [
    [succeededKey, entries.filter((e) => e.Status === 'SUCCEEDED')],
    [failedKey, entries.filter((e) => e.Status === 'FAILED')],
    [
      manifestKey,
      {
        DestinationBucket: bucket,
        MapRunArn: arn,
        ResultFiles: { SUCCEEDED: [{ Key: succeededKey }], FAILED: [{ Key: failedKey }] },
      },
    ],
  ];
  wait.pendingWrites = files.map(([key, body]) => {
    const requestId = ctx.nextId('write');
    ctx.command({ type: 'writeObject', requestId, bucket, key, body: JSON.stringify(body) });
    return requestId;
  });
  return { MapRunArn: arn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}

async function writerParameters(ctx: StateContext, wait: ChildrenWait): Promise<JsonObject> {
  const writer = ctx.state.ResultWriter as JsonObject;
  const params =
    ctx.language === 'JSONata'
      ? await evaluateJsonataTemplate(
          writer.Arguments ?? {},
          'ResultWriter/Arguments',
          ctx.jsonataScope({ input: ctx.active.input }),
        )
      : evaluateTemplate(writer.Parameters ?? {}, ctx.pathScope(wait.effectiveInput), ctx);
  if (!isObject(params) || typeof params.Bucket !== 'string') {
    throw new AslError(
      StatesErrors.ResultWriterFailed,
      'The ResultWriter parameters must include a Bucket string',
    );
  }
  return params;
}

export function mapRunArn(ctx: StateContext, mapRunId: string): string {
  const machine = ctx.run.execution.stateMachineArn.replace(':stateMachine:', ':mapRun:');
  return `${machine}/${ctx.name}:${mapRunId}`;
}
