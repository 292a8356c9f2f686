// Reserved concurrency as Lambda accounts for it, on a real SQLite home: all reservations together must leave the
// account's unreserved minimum free; a refused reservation is rolled back, whichever way it was asked for.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unreservedMinimum } from '../../../src/modules/functions/host/concurrency.js';
import { functionsError } from '../../../src/modules/functions/index.js';
import { codeOf } from '../../support/error-code.js';
import { openHome, PLATFORM_FIXTURES, removeTempDirs } from './support.js';

const OVER = functionsError.codes.RESERVATION_OVER_LIMIT;
const code = { kind: 'path' as const, path: path.join(PLATFORM_FIXTURES, 'echo-v1') };
const fn = (name: string, reservedConcurrency?: number) => ({
  name,
  runtime: 'python3.12',
  handler: 'lambda_function.lambda_handler',
  code,
  ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
});

afterAll(removeTempDirs);

describe('the unreserved minimum', () => {
  it("is Lambda's 100 at its limits, a tenth (at least 1) of a machine-sized one", () => {
    expect(unreservedMinimum(1000)).toBe(100);
    expect(unreservedMinimum(20_000)).toBe(100);
    expect(unreservedMinimum(32)).toBe(4);
    expect(unreservedMinimum(1)).toBe(1);
  });
});

describe('reservations against the account limit', () => {
  it('accepts reservations up to the limit less the minimum and rolls back one beyond it', async () => {
    const home = await openHome(undefined, { runtime: { concurrencyLimit: 32 } });
    try {
      const { service } = home;
      await service.create(fn('first'));
      await service.create(fn('second'));
      await service.setReservedConcurrency('first', 20);
      await service.setReservedConcurrency('second', 8);
      expect((await service.describe('second')).fn.reservedConcurrency).toBe(8);
      expect(await codeOf(service.setReservedConcurrency('second', 9))).toBe(OVER);
      expect((await service.describe('second')).fn.reservedConcurrency, 'rolled back').toBe(8);
      expect(await codeOf(service.setReservedConcurrency('first', 1000))).toBe(OVER);
      expect((await service.describe('first')).fn.reservedConcurrency, 'rolled back').toBe(20);
      // Lowering or removing a reservation always fits.
      await service.setReservedConcurrency('first', undefined);
      await service.setReservedConcurrency('second', 28);
    } finally {
      await home.close();
    }
  });

  it('refuses a create or deploy whose reservation does not fit, storing nothing', async () => {
    const home = await openHome(undefined, { runtime: { concurrencyLimit: 10 } });
    try {
      const { service } = home;
      expect(await codeOf(service.create(fn('greedy', 10)))).toBe(OVER);
      expect(await codeOf(service.describe('greedy'))).toBe(functionsError.codes.FUNCTION_NOT_FOUND);
      await service.deploy(fn('modest', 9));
      const before = await service.describe('modest');
      expect(await codeOf(service.deploy(fn('modest', 10)))).toBe(OVER);
      const after = await service.describe('modest');
      expect(after.fn.reservedConcurrency).toBe(9);
      expect(after.record.version, 'no new version either').toBe(before.record.version);
    } finally {
      await home.close();
    }
  });
});
