import { parseInstant } from './instant';

describe('parseInstant', () => {
  it("should read RCED's issued_at and the other RFC 3339 forms to the instant they name", () => {
    expect(parseInstant('2014-02-10T18:35:35.251Z')?.toISOString()).toBe('2014-02-10T18:35:35.251Z');
    expect(parseInstant('2024-01-01T10:00:00+02:00')?.toISOString()).toBe('2024-01-01T08:00:00.000Z');
    expect(parseInstant('2024-02-29T23:59:59.123456-05:30')?.toISOString()).toBe('2024-03-01T05:29:59.123Z');
  });

  it('should refuse the ISO 8601 forms a consumer cannot read (week dates, basic format, hour only)', () => {
    for (const value of [
      '2024-W01-1',
      '20240101T000000Z',
      '2024-01-01T00Z',
      '2024-01-01',
      '2024-001T00:00:00Z',
    ]) {
      expect([value, parseInstant(value)]).toEqual([value, undefined]);
    }
  });

  it('should refuse days and times that do not exist, and dates without an offset', () => {
    for (const value of [
      '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2016-12-31T23:59:60Z',
      '2024-01-01T00:00:00+24:00',
      '0000-01-01T00:00:00Z',
      '2024-01-01T00:00:00',
      ' 2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00Z\u0000',
    ]) {
      expect([value, parseInstant(value)]).toEqual([value, undefined]);
    }
    expect(parseInstant(1704067200000)).toBeUndefined();
  });

  it('should read years before 100 as themselves, not as 19xx', () => {
    expect(parseInstant('0050-06-01T00:00:00Z')?.getUTCFullYear()).toBe(50);
  });
});
