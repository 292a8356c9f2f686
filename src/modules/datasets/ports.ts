// What the datasets module needs from the rest of Scones; adapters live outside this module.
import type { FileObjects } from '../../kernel/file-objects.js';

/**
 * Downloads shared by every node: objects of a bucket clients cannot reach, keyed by the download's cache name. A
 * node that finds an archive here does not download it again.
 */
export type SharedDownloads = FileObjects;
