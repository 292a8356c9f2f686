// S3 versioning on object requests: the `versionId` query parameter in, x-amz-version-id and
// x-amz-delete-marker out.
import type { FastifyReply } from 'fastify';
import type { DeleteOutcome } from '../../../modules/storage/index.js';
import type { S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

/** The `versionId` asked for, if any; an empty one is refused as S3 does. */
export function requestedVersion(call: S3Call): string | undefined {
  const versionId = call.query.versionId;
  if (versionId === '') throw s3Error('INVALID_ARGUMENT', 'Version id cannot be the empty string');
  return versionId;
}

/** `{ versionId }` when one was asked for, to spread into store options. */
export function versionOption(call: S3Call): { versionId?: string } {
  const versionId = requestedVersion(call);
  return versionId === undefined ? {} : { versionId };
}

export function writeVersionId(reply: FastifyReply, info: { readonly versionId?: string | undefined }): void {
  if (info.versionId) reply.header('x-amz-version-id', info.versionId);
}

export function writeDeleteOutcome(reply: FastifyReply, outcome: DeleteOutcome): void {
  if (outcome.deleteMarker) reply.header('x-amz-delete-marker', 'true');
  writeVersionId(reply, outcome);
}
