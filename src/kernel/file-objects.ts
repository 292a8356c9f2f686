// Objects of a bucket clients cannot reach, written from local files: what functions (code, layers) and datasets
// (shared downloads) both keep there. Keys are relative to the bucket's area; adapters live in src/app/.

export interface FileObjects {
  /** Stores the file's bytes under `key` (atomically: readers see the old object or the new one). */
  putFile(key: string, file: string, metadata: Readonly<Record<string, string>>): Promise<void>;
  /** The object's body and metadata; undefined when there is none. */
  get(
    key: string,
  ): Promise<
    | { readonly body: AsyncIterable<Uint8Array>; readonly metadata: Readonly<Record<string, string>> }
    | undefined
  >;
}
