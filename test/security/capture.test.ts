// Data capture authorization against a real server with auth on: capture written as the endpoint's execution role,
// iam:PassRole to deploy with one, S3 read access to read captures back, unknown capture settings refused.
import { suite as captureAuthz } from './cases/capture-authz.js';
import { describeSuites } from './support/hostile-cases.js';

describeSuites([captureAuthz]);
