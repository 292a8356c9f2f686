// A bucket's lifecycle rules (S3 expiration actions; transitions are refused at the edge) and which objects a rule
// covers: prefix, tags and object size filters, as S3 applies them.

export interface LifecycleFilter {
  readonly prefix?: string;
  /** Every tag must be on the object with this value. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly sizeGreaterThan?: number;
  readonly sizeLessThan?: number;
  /** How the rule named its filter, to give it back as written: top-level Prefix, Filter, or Filter/And. */
  readonly form: 'prefix' | 'filter' | 'and';
}

export interface LifecycleRule {
  readonly id: string;
  readonly enabled: boolean;
  readonly filter: LifecycleFilter;
  readonly expiration?: {
    readonly days?: number;
    /** Milliseconds since the epoch, at midnight UTC. */
    readonly date?: number;
    readonly expiredObjectDeleteMarker?: boolean;
  };
  readonly noncurrentExpiration?: {
    readonly noncurrentDays: number;
    readonly newerNoncurrentVersions?: number;
  };
  readonly abortIncompleteUploadDays?: number;
}

export interface CoveredObject {
  readonly key: string;
  readonly size: number;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

export const DAY_MS = 86_400_000;

export function covers(rule: LifecycleRule, object: CoveredObject): boolean {
  const { filter } = rule;
  if (!rule.enabled) return false;
  if (filter.prefix && !object.key.startsWith(filter.prefix)) return false;
  if (filter.sizeGreaterThan !== undefined && !(object.size > filter.sizeGreaterThan)) return false;
  if (filter.sizeLessThan !== undefined && !(object.size < filter.sizeLessThan)) return false;
  for (const [name, value] of Object.entries(filter.tags ?? {}))
    if (object.tags?.[name] !== value) return false;
  return true;
}

/** S3 adds the days to the start time and rounds up to the next midnight UTC. */
export function afterDays(start: number, days: number): number {
  return (Math.floor((start + days * DAY_MS) / DAY_MS) + 1) * DAY_MS;
}

/** When the current object expires and by which rule (the earliest, as S3 reports in x-amz-expiration). */
export function currentExpiry(
  rules: readonly LifecycleRule[],
  object: CoveredObject & { readonly lastModified: number },
): { readonly at: number; readonly ruleId: string } | undefined {
  let found: { at: number; ruleId: string } | undefined;
  for (const rule of rules) {
    const expiration = rule.expiration;
    if (!expiration || !covers(rule, object)) continue;
    const at =
      expiration.days !== undefined ? afterDays(object.lastModified, expiration.days) : expiration.date;
    if (at !== undefined && (!found || at < found.at)) found = { at, ruleId: rule.id };
  }
  return found;
}
