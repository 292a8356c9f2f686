// Request ids and EXPRESS execution names: distinct, and shaped as the random UUIDs AWS hands out.
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../src/modules/workflows/engine/express/unique-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uniqueId', () => {
  it('gives distinct ids in the form of a v4 UUID', () => {
    const ids = Array.from({ length: 5000 }, uniqueId);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
