// The schema of a prepared dataset's `dataset.json`, which the dashboard reads from the store: the datasets
// module's own (typebox only), offered here because web/ may import only src/http/routes/*-schemas.ts.
export { DatasetManifestSchema as DatasetManifest } from '../../modules/datasets/manifest-schema.js';
