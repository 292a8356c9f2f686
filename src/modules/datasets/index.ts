// Public face of dataset preparation.
export { DATASET_ERROR_CODES, datasetError } from './errors.js';
export { type DecodedSplit, type LoadedDataset, loadDataset, loadManifest } from './load-dataset.js';
export {
  type DatasetClass,
  type DatasetManifest,
  LST_KEY,
  MANIFEST_KEY,
  parseLst,
  SPLIT_PREFIX,
} from './manifest.js';
export { unpickle } from './pickle/unpickler.js';
export type { PickleValue } from './pickle/values.js';
export type { SharedDownloads } from './ports.js';
export {
  type PrepareDeps,
  type PrepareReport,
  type PrepareRequest,
  prepareDataset,
} from './prepare-dataset.js';
export { CIFAR100_BINARY_URL, CIFAR100_PYTHON_URL, KNOWN_ARCHIVE_MD5 } from './sources/known-archives.js';
