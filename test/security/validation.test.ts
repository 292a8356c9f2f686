// Requests AWS refuses with a validation error (unknown enum values, role ARNs naming no role, reservations over the
// account limit, copy ranges past the source): each gets AWS's answer and changes nothing. Cases live in cases/.
import { suite as awsValidation } from './cases/aws-validation.js';
import { describeSuites } from './support/hostile-cases.js';

describeSuites([awsValidation]);
