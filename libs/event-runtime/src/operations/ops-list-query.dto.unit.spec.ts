import {
  EffectListQuery,
  effectFilterOf,
  ParkedListQuery,
  parkedFilterOf,
  readOpsQuery,
} from './ops-list-query.dto';

describe('ops list queries (npm run ops and the admin API)', () => {
  describe(readOpsQuery.name, () => {
    it('should read query-string values into a filter, 50 rows by default', () => {
      const { query, problems } = readOpsQuery(EffectListQuery, {
        thread: 'thread-1',
        since: '2026-12-06',
        until: '2026-12-06T12:00:00+01:00',
        status: 'discarded',
      });

      expect(problems).toEqual([]);
      expect(effectFilterOf(query)).toEqual({
        threadId: 'thread-1',
        since: new Date('2026-12-06T00:00:00Z'),
        until: new Date('2026-12-06T11:00:00Z'),
        status: 'discarded',
        limit: 50,
      });
    });

    it('should read all as a word or a flag', () => {
      expect(parkedFilterOf(readOpsQuery(ParkedListQuery, { all: 'true', limit: '3' }).query)).toEqual({
        all: true,
        limit: 3,
      });
      expect(parkedFilterOf(readOpsQuery(ParkedListQuery, { all: true }).query)).toMatchObject({ all: true });
      expect(parkedFilterOf(readOpsQuery(ParkedListQuery, { all: 'false' }).query)).not.toHaveProperty('all');
    });

    it('should name every unknown or invalid parameter, keeping unknown names off the query', () => {
      const { query, problems } = readOpsQuery(ParkedListQuery, {
        ['__proto__']: 'x',
        limit: '1001',
        topic: ['a', 'b'],
        consumer: '',
        thread: 'a\u0000',
        all: 'yes',
      });

      expect(Object.getPrototypeOf(query)).toBe(ParkedListQuery.prototype);
      expect(problems).toEqual([
        '__proto__ is not a parameter (expected thread, since, until, limit, consumer, topic, all)',
        'consumer must not be empty',
        'topic must be given once',
        'all must be true or false',
        'thread must not hold U+0000',
        'limit must be a whole number from 1 to 1000',
      ]);
    });
  });
});
