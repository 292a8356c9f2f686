// Function code against its sandbox: each escape attempt of issue #12 (item 1) fails. Cases live in cases/.
import { suite as guestEscape } from './cases/guest-escape.js';
import { describeSuites } from './support/hostile-cases.js';

describeSuites([guestEscape]);
