// The ItemReader's CSV rules (asl/map/csv.ts), one assertion each.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/modules/workflows/asl/map/csv.js';

describe('parseCsv', () => {
  it('splits fields by the delimiter and records by CRLF, LF or CR, mixed', () => {
    expect(parseCsv('a,b\r\nc,d\ne\rf|g\n', ',')).toEqual([['a', 'b'], ['c', 'd'], ['e'], ['f|g']]);
    expect(parseCsv('f|g', '|')).toEqual([['f', 'g']]);
  });

  it('reads quoted fields with delimiters, newlines and doubled quotes', () => {
    expect(parseCsv('"a, b","x\ny","say ""hi"""\n', ',')).toEqual([['a, b', 'x\ny', 'say "hi"']]);
  });

  it('keeps a quote inside an unquoted field, empty lines and ragged rows', () => {
    expect(parseCsv('a"b,c\n\nd,e,f\n', ',')).toEqual([['a"b', 'c'], [''], ['d', 'e', 'f']]);
  });

  it('throws on a quoted field that is never closed', () => {
    expect(() => parseCsv('a,"b\n', ',')).toThrow(/quote/i);
  });
});
