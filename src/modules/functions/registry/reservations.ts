// Reserved concurrency as Lambda accounts for it: all reservations together must leave the account's unreserved
// minimum free, checked inside the transaction that writes a reservation so it rolls back when they do not.
// Each writer locks one shared row first: otherwise two servers on PostgreSQL, each writing its own function's
// reservation, would both check a total without the other's (write skew) and together exceed the limit.
import type { Kysely } from 'kysely';
import { functionsError } from '../errors.js';
import { unreservedMinimum } from '../host/concurrency.js';
import { type FunctionTables, RESERVATIONS_LOCK } from './schema.js';

/**
 * Serializes the transaction `trx` with every other reservation writer until it ends: a no-op UPDATE of the lock
 * row takes a row lock on engines with row locks and the write lock on SQLite. Call it before the checked total.
 */
export async function lockReservations(trx: Kysely<FunctionTables>): Promise<void> {
  await trx
    .updateTable('fn_account_locks')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('name', '=', RESERVATIONS_LOCK)
    .execute();
}

/** A reservation about to be written: it replaces the function's stored one in the total. */
export interface PendingReservation {
  readonly name: string;
  readonly reserved: number;
}

/**
 * Throws FUNCTIONS_RESERVATION_OVER_LIMIT when the stored reservations (with `pending` in place of its function's)
 * leave too little of `accountLimit`.
 */
export async function assertReservationsFit(
  db: Kysely<FunctionTables>,
  accountLimit: number,
  pending?: PendingReservation,
): Promise<void> {
  const minimum = unreservedMinimum(accountLimit);
  let query = db
    .selectFrom('fn_functions')
    .select((eb) => eb.fn.sum<number | string | null>('reserved_concurrency').as('reserved'));
  if (pending) query = query.where('name', '!=', pending.name);
  const row = await query.executeTakeFirst();
  const reserved = Number(row?.reserved ?? 0) + (pending?.reserved ?? 0);
  if (accountLimit - reserved < minimum)
    throw functionsError(
      'RESERVATION_OVER_LIMIT',
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
      { accountLimit, reserved, unreservedMinimum: minimum },
    );
}
