// One pass of lifecycle rules over every bucket that has them: current objects expire (a delete marker in a
// versioned bucket, as a DeleteObject makes), noncurrent versions expire by age and count, lone delete markers go,
// and incomplete multipart uploads are aborted. "Now" comes from the clock, so tests move time without sleeping.
import type { Clock } from '../../../kernel/clock.js';
import { isSconesError } from '../../../kernel/errors.js';
import type { ObjectStore } from '../object-store.js';
import type { ListedVersion } from '../versioning/version-listing.js';
import { afterDays, covers, currentExpiry, type LifecycleRule } from './lifecycle-rules.js';

/** The multipart uploads the sweep may abort (the S3 layer's staging area). */
export interface IncompleteUploads {
  listUploads(bucket: string): Promise<readonly { key: string; uploadId: string; initiated: number }[]>;
  abort(bucket: string, key: string, uploadId: string): Promise<void>;
}

export interface SweepReport {
  expired: number;
  noncurrentExpired: number;
  deleteMarkersRemoved: number;
  uploadsAborted: number;
}

const PAGE = 1000;

export class LifecycleSweep {
  constructor(
    private readonly store: ObjectStore,
    private readonly uploads: IncompleteUploads | undefined,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<SweepReport> {
    const now = this.clock.now();
    const report: SweepReport = {
      expired: 0,
      noncurrentExpired: 0,
      deleteMarkersRemoved: 0,
      uploadsAborted: 0,
    };
    for (const bucket of await this.store.listBuckets()) {
      const rules = (await this.store.lifecycle.get(bucket))?.filter((rule) => rule.enabled);
      if (!rules || rules.length === 0) continue;
      await this.#sweepVersions(bucket.name, rules, now, report);
      await this.#abortUploads(bucket.name, rules, now, report);
    }
    return report;
  }

  async #sweepVersions(bucket: string, rules: LifecycleRule[], now: number, report: SweepReport) {
    for (const group of await this.#versionsByKey(bucket)) {
      const [latest] = group;
      if (!latest) continue;
      let remaining = group.length;
      let noncurrent = 0;
      for (let i = 1; i < group.length; i++) {
        const version = group[i] as ListedVersion;
        const since = (group[i - 1] as ListedVersion).lastModified;
        if (expiresNoncurrent(rules, version, noncurrent++, since, now)) {
          await this.#quietly(this.store.deleteObject(bucket, version.key, undefined, version.versionId));
          report.noncurrentExpired++;
          remaining--;
        }
      }
      if (latest.object) {
        const expiry = currentExpiry(rules, { ...latest.object, key: latest.key });
        if (expiry && now >= expiry.at) {
          await this.#quietly(this.store.deleteObject(bucket, latest.key));
          report.expired++;
        }
      } else if (remaining === 1 && removesLoneMarker(rules, latest)) {
        await this.#quietly(this.store.deleteObject(bucket, latest.key, undefined, latest.versionId));
        report.deleteMarkersRemoved++;
      }
    }
  }

  async #abortUploads(bucket: string, rules: LifecycleRule[], now: number, report: SweepReport) {
    if (!this.uploads || !rules.some((rule) => rule.abortIncompleteUploadDays !== undefined)) return;
    for (const upload of await this.uploads.listUploads(bucket)) {
      const due = rules.some(
        (rule) =>
          rule.abortIncompleteUploadDays !== undefined &&
          upload.key.startsWith(rule.filter.prefix ?? '') &&
          now >= afterDays(upload.initiated, rule.abortIncompleteUploadDays),
      );
      if (!due) continue;
      await this.#quietly(this.uploads.abort(bucket, upload.key, upload.uploadId));
      report.uploadsAborted++;
    }
  }

  /** Every version of the bucket, grouped by key, newest first (collected before anything changes). */
  async #versionsByKey(bucket: string): Promise<ListedVersion[][]> {
    const groups: ListedVersion[][] = [];
    let marker: { keyMarker?: string; versionIdMarker?: string } = {};
    for (;;) {
      const page = await this.store.versions.list(bucket, { maxKeys: PAGE, ...marker });
      for (const version of page.versions) {
        const last = groups.at(-1);
        if (last?.[0]?.key === version.key) last.push(version);
        else groups.push([version]);
      }
      if (!page.isTruncated || !page.nextKeyMarker) return groups;
      marker = {
        keyMarker: page.nextKeyMarker,
        ...(page.nextVersionIdMarker ? { versionIdMarker: page.nextVersionIdMarker } : {}),
      };
    }
  }

  /** A client may have changed the object meanwhile: what is gone is gone, the next sweep sees the rest. */
  async #quietly(work: Promise<unknown>): Promise<void> {
    try {
      await work;
    } catch (error) {
      if (!isSconesError(error) || error.kind !== 'not_found') throw error;
    }
  }
}

function expiresNoncurrent(
  rules: readonly LifecycleRule[],
  version: ListedVersion,
  newerNoncurrent: number,
  since: number,
  now: number,
): boolean {
  const object = { key: version.key, size: version.object?.size ?? 0, tags: version.object?.tags };
  return rules.some((rule) => {
    const action = rule.noncurrentExpiration;
    if (!action || !covers(rule, object)) return false;
    if (newerNoncurrent < (action.newerNoncurrentVersions ?? 0)) return false;
    return now >= afterDays(since, action.noncurrentDays);
  });
}

function removesLoneMarker(rules: readonly LifecycleRule[], marker: ListedVersion): boolean {
  return rules.some(
    (rule) =>
      rule.expiration?.expiredObjectDeleteMarker === true && covers(rule, { key: marker.key, size: 0 }),
  );
}
