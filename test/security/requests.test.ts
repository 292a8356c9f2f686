// Hostile requests against a real server: path traversal, malformed JSON on every JSON route, oversized bodies and
// headers, and slow clients (slowloris). Each case lives in cases/; one file imports the server code once for all.
import { suite as bodyLimits } from './cases/body-limits.js';
import { suite as malformedJson } from './cases/malformed-json.js';
import { suite as slowClients } from './cases/slow-clients.js';
import { suite as traversal } from './cases/traversal.js';
import { describeSuites } from './support/hostile-cases.js';

describeSuites([traversal, malformedJson, bodyLimits, slowClients]);
