// One native multipart upload on the backend, straight onto the object's own key: parts go where the object will
// be, and CompleteMultipartUpload assembles them there, so no byte is written twice. The object's record cannot be
// known when the upload starts (S3 fixes user metadata at Create), so the upload carries a reference to a sidecar
// named after the upload, written just before Complete makes the object visible.
import { randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { BlobCondition, BlobInfo, BlobUploadedPart } from '../port.js';
import { casRounds } from './cas-rounds.js';
import type { ObjectCommits } from './object-commit.js';
import type { ObjectRecords } from './object-record.js';
import { type Expected, lostRace, type S3Backend } from './s3-backend.js';
import type { Location } from './s3-options.js';

export interface Started {
  readonly ok: true;
  readonly uploadId: string;
  /** Names the sidecar the object's record goes to. */
  readonly reference: string;
}

export interface CompletedUpload {
  readonly ok: true;
  readonly backendEtag: string;
}

export class NativeUploads {
  constructor(
    private readonly backend: S3Backend,
    private readonly records: ObjectRecords,
    private readonly commits: ObjectCommits,
  ) {}

  /** Starts an upload onto `at`: its backend id and record reference, or the backend's answer (404: no bucket). */
  async create(at: Location): Promise<Started | Expected> {
    const reference = `upload-${randomUUID()}`;
    const started = await this.backend.attempt((c) =>
      c.send(new CreateMultipartUploadCommand({ ...at, Metadata: this.records.reference(reference) })),
    );
    return started.ok ? { ok: true, uploadId: started.value.UploadId ?? '', reference } : started;
  }

  /** Sends one part; its backend ETag (unquoted), or the backend's answer (404: no such upload). */
  async part(at: Location, uploadId: string, partNumber: number, bytes: Buffer): Promise<string | Expected> {
    const sent = await this.backend.attempt((c) =>
      c.send(new UploadPartCommand({ ...at, UploadId: uploadId, PartNumber: partNumber, Body: bytes })),
    );
    return sent.ok ? unquote(sent.value.ETag) : sent;
  }

  async listParts(at: Location, uploadId: string): Promise<BlobUploadedPart[] | Expected> {
    const parts: BlobUploadedPart[] = [];
    let marker: string | undefined;
    do {
      const page = await this.backend.attempt((c) =>
        c.send(
          new ListPartsCommand({
            ...at,
            UploadId: uploadId,
            ...(marker ? { PartNumberMarker: marker } : {}),
          }),
        ),
      );
      if (!page.ok) return page;
      for (const part of page.value.Parts ?? [])
        parts.push({
          partNumber: part.PartNumber ?? 0,
          etag: unquote(part.ETag),
          size: part.Size ?? 0,
          lastModified: part.LastModified?.getTime() ?? 0,
        });
      marker = page.value.IsTruncated ? String(page.value.NextPartNumberMarker ?? '') : undefined;
    } while (marker);
    return parts;
  }

  /**
   * Writes the record, then assembles the parts under the condition (compare-and-swap like a put: If-Match on the
   * current object's backend ETag, or If-None-Match: *; a lost race re-reads and tries again: the upload stays).
   */
  async complete(
    at: Location,
    upload: { readonly uploadId: string; readonly reference: string },
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
    info: BlobInfo,
    condition: BlobCondition | undefined,
  ): Promise<CompletedUpload | Expected> {
    const { uploadId, reference } = upload;
    await this.records.writeReferenced(reference, info);
    const Parts = parts.map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag}"` }));
    return casRounds(this.backend.endpoint, `completing ${info.key}`, async () => {
      const guard = condition ? await this.commits.guard(at, info.key, condition) : {};
      const done = await this.backend.attempt((c) =>
        c.send(
          new CompleteMultipartUploadCommand({
            ...at,
            UploadId: uploadId,
            MultipartUpload: { Parts },
            ...guard,
          }),
        ),
      );
      if (done.ok) return { ok: true as const, backendEtag: done.value.ETag ?? '' };
      return condition && lostRace(done) ? undefined : done;
    });
  }

  failure(result: Expected): Error {
    return this.backend.failure(result);
  }

  /** Nothing half-written stays behind; a failed abort leaves the upload to the backend's lifecycle rules. */
  async abort(at: Location, uploadId: string): Promise<void> {
    await this.backend
      .attempt((c) => c.send(new AbortMultipartUploadCommand({ ...at, UploadId: uploadId })))
      .catch(() => undefined);
  }
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replaceAll('"', '');
}
