// The schema of `dataset.json`, the manifest of a prepared dataset. Imports only typebox: the module's types are
// derived from it, and the dashboard (through src/http/routes/dataset-schemas.ts) reads the manifest by it.
import { type TArray, type TSchema, Type } from 'typebox';

const List = <Item extends TSchema>(item: Item) => Type.Immutable(Type.Array(item) as TArray<Item>);

export const DatasetClassSchema = Type.Object({
  index: Type.Integer(),
  name: Type.String(),
  sourceLabel: Type.Union([Type.Integer(), Type.Null()], {
    description: 'label number in the source archive; null for image folders',
  }),
});

export const SplitSummarySchema = Type.Object({
  count: Type.Integer(),
  perClass: Type.Record(Type.String(), Type.Integer()),
  prefix: Type.String(),
  manifest: Type.String(),
  manifestMd5: Type.String(),
});

export const DatasetManifestSchema = Type.Object({
  format: Type.Literal('scones-dataset/1'),
  classes: List(DatasetClassSchema),
  splits: Type.Object({ train: SplitSummarySchema, test: SplitSummarySchema }),
  image: Type.Object({
    width: Type.Literal(32),
    height: Type.Literal(32),
    channels: Type.Literal(3),
    contentType: Type.Literal('image/png'),
  }),
  source: Type.Object({
    format: Type.String(),
    location: Type.String(),
    md5: Type.Union([Type.String(), Type.Null()]),
    expectedMd5: Type.Union([Type.String(), Type.Null()]),
    checksumVerified: Type.Boolean(),
  }),
  checksum: Type.String({
    description: "MD5 over every image's key and ETag: the lineage id a trained model records",
  }),
});
