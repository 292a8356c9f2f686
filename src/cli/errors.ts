// Error codes of the command line itself (usage problems found after flag parsing).
import { defineErrors } from '../kernel/errors.js';

export const cliError = defineErrors('CLI', { USAGE: 'invalid', FILE_NOT_FOUND: 'not_found' });
