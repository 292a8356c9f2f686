// The file-cache port: a per-node folder of immutable entries that must be on local disk for speed (a function's
// unpacked code, its merged layers, a model file), each filled once from the object store and evicted when unused.

/** What a fill writes into. */
export interface FillContext {
  /** The entry's folder, empty: the entry is exactly what is written here. */
  readonly dir: string;
  /** A scratch folder on the same disk, removed after the fill (a download, an archive). */
  readonly scratch: string;
}

export type Fill = (context: FillContext) => Promise<void>;

export interface CacheUsage {
  readonly entries: number;
  readonly bytes: number;
}

export interface FileCache {
  /** Where the entries live, for messages. */
  readonly location: string;
  /**
   * The folder of entry `key` (a content hash, so an entry never changes), filled by `fill` when absent, and marked
   * used. Processes racing to fill one key each fill on their own; the first complete entry wins and the others are
   * dropped. A fill that throws leaves nothing behind and the error reaches the caller.
   */
  folder(key: string, fill: Fill): Promise<string>;
  /** The entries kept and their total size. */
  usage(): Promise<CacheUsage>;
}
