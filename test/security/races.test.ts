// Hostile races against a real server: writes racing DeleteBucket must never both be acknowledged or wedge a name.
import { suite as races } from './cases/races.js';
import { describeSuites } from './support/hostile-cases.js';

describeSuites([races]);
