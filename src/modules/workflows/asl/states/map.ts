// Map: runs an item processor as one child run per item (or batch), at most MaxConcurrency at a time.
import { itemProcessorScope } from '../definition.js';
import { AslError, StatesErrors } from '../errors.js';
import type { EventBody } from '../events.js';
import type { Json, JsonObject } from '../json.js';
import { batchItems } from '../map/batcher.js';
import {
  itemsFromBody,
  itemsFromListing,
  readerCommand,
  readerFailed,
  readerMaxItems,
} from '../map/item-reader.js';
import { mapItems } from '../map/items.js';
import { iterationInput } from '../map/iteration-input.js';
import { exceedsTolerance, mapLimits } from '../map/limits.js';
import { mapRunArn, writeResults } from '../map/result-writer.js';
import type { ChildrenWait } from '../run-state.js';
import { effectiveInput, finishJsonata, finishJsonPath } from '../step/dataflow.js';
import type { Outcome, StateHandler } from '../step/outcome.js';
import type { StateContext } from '../step/state-context.js';
import { childEnd, runningCount, startChild, stopChildren } from './children.js';

export const mapHandler: StateHandler = {
  kind: 'Map',
  recoverable: true,
  async start(ctx) {
    const input = ctx.language === 'JSONata' ? ctx.active.input : effectiveInput(ctx);
    if (ctx.state.ItemReader !== undefined) {
      const requestId = ctx.nextId('read');
      const maxItems = readerMaxItems(ctx, input);
      ctx.command(await readerCommand(ctx, input, requestId));
      const wait = { kind: 'items', requestId, effectiveInput: input } as const;
      ctx.active.wait = maxItems === undefined ? wait : { ...wait, maxItems };
      return { kind: 'wait' };
    }
    return launch(ctx, input, await mapItems(ctx, input));
  },
  async resume(ctx, event) {
    const wait = ctx.active.wait;
    if (wait?.kind === 'items') {
      if (!('requestId' in event) || event.requestId !== wait.requestId) return { kind: 'ignored' };
      ctx.active.wait = null;
      if (event.type === 'storageFailed') throw readerFailed(event.cause);
      if (event.type === 'objectRead') {
        return launch(ctx, wait.effectiveInput, itemsFromBody(ctx, event.body, wait.maxItems));
      }
      if (event.type === 'objectsListed') {
        return launch(ctx, wait.effectiveInput, itemsFromListing(event.objects, wait.maxItems));
      }
      return { kind: 'ignored' };
    }
    if (wait?.kind !== 'children') return { kind: 'ignored' };
    if (wait.pendingWrites !== undefined) return onWritten(ctx, wait, event);
    return onChild(ctx, wait, event);
  },
  cancel(ctx) {
    const wait = ctx.active.wait;
    if (wait?.kind !== 'children') return;
    for (const index of stopChildren(ctx, wait)) {
      ctx.emit('MapIterationAborted', 'mapIterationAbortedEventDetails', { name: ctx.name, index });
    }
  },
};

function processorConfig(ctx: StateContext): JsonObject {
  const processor = (ctx.state.ItemProcessor ?? ctx.state.Iterator) as JsonObject;
  return (processor.ProcessorConfig ?? {}) as JsonObject;
}

async function launch(ctx: StateContext, input: Json, items: Json[]): Promise<Outcome> {
  const limits = await mapLimits(ctx, input);
  const batched = ctx.state.ItemBatcher !== undefined;
  const units = batched ? await batchItems(ctx, input, await prepare(ctx, input, items)) : items;
  const distributed = processorConfig(ctx).Mode === 'DISTRIBUTED';
  ctx.emit('MapStateStarted', 'mapStateStartedEventDetails', { length: units.length });
  if (distributed)
    ctx.emit('MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn: mapRunArn(ctx, ctx.random.uuid()) });
  const wait: ChildrenWait = {
    kind: 'children',
    mode: 'map',
    scope: itemProcessorScope(ctx.run.scope, ctx.name, ctx.state),
    items: units,
    prepared: batched,
    effectiveInput: input,
    distributed,
    ...limits,
    nextIndex: 0,
    running: {},
    results: units.map(() => null),
    succeeded: 0,
    failed: [],
  };
  ctx.active.wait = wait;
  return fill(ctx, wait);
}

/** Item inputs for batching: ItemSelector is applied to each item before items are grouped. */
async function prepare(ctx: StateContext, input: Json, items: Json[]): Promise<Json[]> {
  const out: Json[] = [];
  for (const [index, value] of items.entries())
    out.push(await iterationInput(ctx, input, { Index: index, Value: value }));
  return out;
}

/** Starts iterations up to the concurrency limit; finishes the Map when nothing is left. */
async function fill(ctx: StateContext, wait: ChildrenWait): Promise<Outcome> {
  const total = wait.items.length;
  while (wait.nextIndex < total && (wait.maxConcurrency === 0 || runningCount(wait) < wait.maxConcurrency)) {
    const index = wait.nextIndex++;
    const value = wait.items[index] as Json;
    const item = { Index: index, Value: value };
    const input = wait.prepared ? value : await iterationInput(ctx, wait.effectiveInput, item);
    const parentEventId = ctx.emit('MapIterationStarted', 'mapIterationStartedEventDetails', {
      name: ctx.name,
      index,
    });
    startChild(ctx, wait, { scope: wait.scope, input, index, parentEventId, item });
  }
  if (wait.nextIndex < total || runningCount(wait) > 0) return { kind: 'wait' };
  if (ctx.state.ResultWriter !== undefined) {
    wait.writerOutput = await writeResults(ctx, wait);
    return { kind: 'wait' };
  }
  return succeed(ctx, wait, wait.results);
}

async function onChild(ctx: StateContext, wait: ChildrenWait, event: EventBody): Promise<Outcome> {
  const end = childEnd(wait, event);
  if (end === undefined) return { kind: 'ignored' };
  const details = { name: ctx.name, index: end.index };
  if (end.ok) {
    ctx.emit('MapIterationSucceeded', 'mapIterationSucceededEventDetails', details);
    wait.results[end.index] = end.output;
    wait.succeeded += 1;
    return fill(ctx, wait);
  }
  ctx.emit('MapIterationFailed', 'mapIterationFailedEventDetails', details);
  wait.results[end.index] = { Error: end.error, Cause: end.cause };
  wait.failed.push(end.index);
  if (!exceedsTolerance(wait, wait.failed.length, wait.items.length)) return fill(ctx, wait);
  mapFailed(ctx, wait);
  if (wait.toleratedFailureCount === null && wait.toleratedFailurePercentage === null) {
    throw new AslError(end.error, end.cause);
  }
  throw new AslError(
    StatesErrors.ExceedToleratedFailureThreshold,
    'The specified tolerated failure threshold was exceeded',
  );
}

function onWritten(ctx: StateContext, wait: ChildrenWait, event: EventBody): Outcome | Promise<Outcome> {
  const pending = wait.pendingWrites ?? [];
  if (!('requestId' in event) || !pending.includes(event.requestId)) return { kind: 'ignored' };
  if (event.type === 'storageFailed') {
    mapFailed(ctx, wait);
    throw new AslError(StatesErrors.ResultWriterFailed, event.cause);
  }
  wait.pendingWrites = pending.filter((id) => id !== event.requestId);
  if (wait.pendingWrites.length > 0) return { kind: 'wait' };
  return succeed(ctx, wait, wait.writerOutput ?? null);
}

function succeed(ctx: StateContext, wait: ChildrenWait, output: Json): Outcome | Promise<Outcome> {
  if (wait.distributed) ctx.emit('MapRunSucceeded');
  ctx.emit('MapStateSucceeded');
  ctx.active.wait = null;
  return ctx.language === 'JSONata' ? finishJsonata(ctx, output) : finishJsonPath(ctx, output, 'result');
}

/** MapStateFailed (and, for a Distributed Map, MapRunFailed) before the error goes to Retry/Catch. */
function mapFailed(ctx: StateContext, wait: ChildrenWait): void {
  if (wait.distributed) ctx.emit('MapRunFailed', 'mapRunFailedEventDetails', {});
  ctx.emit('MapStateFailed');
}
