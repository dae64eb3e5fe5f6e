import { BadRequestException } from '@nestjs/common';
import { timeseriesQuery, type TimeseriesQueryDto } from './timeseries-query.dto';

const NOW = new Date('2026-03-02T10:30:00Z');

function problems(dto: TimeseriesQueryDto): string[] {
  try {
    timeseriesQuery(dto, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string[] }).message;
  }
  throw new Error('no 400');
}

describe('timeseriesQuery', () => {
  it('should default to minutes up to 24 hours and to days beyond', () => {
    expect(timeseriesQuery({ from: '2026-03-01T10:30:00Z' }, NOW).resolution).toBe('minute');
    expect(timeseriesQuery({ from: '2026-03-01T10:29:59Z' }, NOW).resolution).toBe('day');
    expect(timeseriesQuery({}, NOW).resolution).toBe('day');
  });

  it('should run from `from` floored to its bucket to the last bucket starting before `to`', () => {
    expect(
      timeseriesQuery({ from: '2026-03-02T10:00:30Z', to: '2026-03-02T10:05:00Z' }, NOW).buckets,
    ).toEqual({
      first: new Date('2026-03-02T10:00:00Z'),
      last: new Date('2026-03-02T10:04:00Z'),
    });
    expect(
      timeseriesQuery(
        { from: '2026-02-27T18:00:00+02:00', to: '2026-03-02T00:00:01Z', resolution: 'day' },
        NOW,
      ).buckets,
    ).toEqual({ first: new Date('2026-02-27T00:00:00Z'), last: new Date('2026-03-02T00:00:00Z') });
    expect(
      timeseriesQuery({ from: '2026-03-02T10:00:00Z', to: '2026-03-02T10:00:00Z' }, NOW).buckets,
    ).toBeNull();
  });

  it('should refuse minutes over more than 24 hours with a 400 that says what to do', () => {
    expect(problems({ from: '2026-03-01T10:00:00Z', resolution: 'minute' })).toEqual([
      'resolution minute covers at most 24 hours: from must be at most 24 hours before to (or ask for resolution=day)',
    ]);
  });

  it('should refuse a bad date as every analytics endpoint does', () => {
    expect(problems({ from: 'yesterday' })[0]).toMatch(/^from must be an RFC 3339 date-time/);
    expect(problems({ from: '2026-03-03T00:00:00Z' })).toEqual(['from must not be after to']);
  });
});
