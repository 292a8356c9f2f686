// Reserved concurrency as Lambda accounts for it: all reservations together must leave the account's unreserved
// minimum free, checked inside the transaction that writes a reservation so it rolls back when they do not.
import type { Kysely } from 'kysely';
import { functionsError } from '../errors.js';
import { unreservedMinimum } from '../host/concurrency.js';
import type { FunctionTables } from './schema.js';

/** Throws FUNCTIONS_RESERVATION_OVER_LIMIT when the stored reservations leave too little of `accountLimit`. */
export async function assertReservationsFit(db: Kysely<FunctionTables>, accountLimit: number): Promise<void> {
  const minimum = unreservedMinimum(accountLimit);
  const row = await db
    .selectFrom('fn_functions')
    .select((eb) => eb.fn.sum<number | string | null>('reserved_concurrency').as('reserved'))
    .executeTakeFirst();
  const reserved = Number(row?.reserved ?? 0);
  if (accountLimit - reserved < minimum)
    throw functionsError(
      'RESERVATION_OVER_LIMIT',
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
      { accountLimit, reserved, unreservedMinimum: minimum },
    );
}
