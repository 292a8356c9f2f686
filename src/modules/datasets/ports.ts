// What the datasets module needs from the rest of Scones; adapters live outside this module.

/**
 * Downloads shared by every node: objects of a bucket clients cannot reach, keyed by the download's cache name. A
 * node that finds an archive here does not download it again.
 */
export interface SharedDownloads {
  /** Stores the file's bytes under `key` (atomically). */
  putFile(key: string, file: string, metadata: Readonly<Record<string, string>>): Promise<void>;
  /** The object's body and metadata; undefined when there is none. */
  get(
    key: string,
  ): Promise<
    | { readonly body: AsyncIterable<Uint8Array>; readonly metadata: Readonly<Record<string, string>> }
    | undefined
  >;
}
