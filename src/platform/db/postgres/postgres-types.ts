// How values come back from PostgreSQL: int8 and numeric as JavaScript numbers, as SQLite returns them, and a
// typed error rather than a silently rounded number when an integer does not fit (node-postgres would give a string).
import pg from 'pg';
import { dbError } from '../errors.js';

/** Type OIDs (pg_type): https://github.com/postgres/postgres/blob/master/src/include/catalog/pg_type.dat */
const INT8 = 20;
const NUMERIC = 1700;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw dbError(
      'INTEGER_OUT_OF_RANGE',
      `the database returned the integer ${text}, beyond what a JavaScript number holds exactly (±${Number.MAX_SAFE_INTEGER})`,
      { value: text },
    );
  }
  return value;
}

/** `sum()` and `avg()` of integers are numeric: integral results are checked like int8, fractions are doubles. */
export function parseNumeric(text: string): number {
  return /^-?\d+$/.test(text) ? parseInt8(text) : Number(text);
}

export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8) return parseInt8;
    if (format !== 'binary' && oid === NUMERIC) return parseNumeric;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
