// Region and account spoofing, with `server.auth: 'on'`: signatures for another region and ARNs of another region,
// account or partition, against S3, Lambda, Step Functions, the SageMaker runtime and the REST API. Cases in
// cases/region-spoofing.ts.
import { regionSpoofingCases, setupRegionVictims } from './cases/region-spoofing.js';
import { describeSuites, hostileSuite } from './support/hostile-cases.js';

describeSuites([
  hostileSuite('region and account spoofing', regionSpoofingCases, {
    settings: { 'server.auth': 'on' },
    setup: setupRegionVictims,
  }),
]);
