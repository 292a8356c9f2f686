// Reading postgres:// URLs for messages, and the int8/numeric parsers that keep numbers exact or refuse.
import { describe, expect, it } from 'vitest';
import { isSconesError } from '../../../../src/kernel/errors.js';
import { dbError } from '../../../../src/platform/db/errors.js';
import { parseInt8, parseNumeric } from '../../../../src/platform/db/postgres/postgres-types.js';
import { parsePostgresUrl, redactPassword } from '../../../../src/platform/db/postgres/postgres-url.js';

describe('parsePostgresUrl', () => {
  it('reads host, port and database, and hides the password', () => {
    expect(parsePostgresUrl('postgresql://u:p%3Aw@h.example:6000/db1')).toEqual({
      host: 'h.example',
      port: 6000,
      database: 'db1',
      redacted: 'postgresql://u:***@h.example:6000/db1',
    });
    expect(parsePostgresUrl('postgres://u@h/d')).toMatchObject({ port: 5432, redacted: 'postgres://u@h/d' });
  });

  it('takes a socket folder given as ?host=', () => {
    expect(parsePostgresUrl('postgres://u@localhost/d?host=/run/postgresql').host).toBe('/run/postgresql');
  });

  it('hides the password of strings that do not parse', () => {
    expect(redactPassword('postgres://u:pa ss@h:x/d')).toBe('postgres://u:***@h:x/d');
  });
});

describe('int8 and numeric from PostgreSQL', () => {
  it('gives numbers up to 2^53 - 1 and refuses beyond with DB_INTEGER_OUT_OF_RANGE', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseInt8('-42')).toBe(-42);
    try {
      parseInt8('9007199254740993');
      expect.unreachable();
    } catch (error) {
      expect(isSconesError(error) && error.code).toBe(dbError.codes.INTEGER_OUT_OF_RANGE);
    }
  });

  it('gives integral numerics the same check and fractions as doubles', () => {
    expect(parseNumeric('12')).toBe(12);
    expect(parseNumeric('0.25')).toBe(0.25);
    expect(() => parseNumeric('123456789012345678901')).toThrow(/beyond/);
  });
});
