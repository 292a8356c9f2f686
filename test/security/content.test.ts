// Hostile content against a real server: zip slip in function code, decompression and image bombs, pickles with
// forbidden globals, ASL bombs, and header injection and XSS through logs, names and keys. Cases live in cases/.
import { suite as aslBombs } from './cases/asl-bombs.js';
import { suite as bombs } from './cases/bombs.js';
import { suite as injection } from './cases/injection.js';
import { suite as pickles } from './cases/pickles.js';
import { suite as zipSlip } from './cases/zip-slip.js';
import { describeSuites } from './support/hostile-cases.js';

describeSuites([zipSlip, bombs, pickles, aslBombs, injection]);
