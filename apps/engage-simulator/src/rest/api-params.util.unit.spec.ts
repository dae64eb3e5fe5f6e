import { booleanParam, listParam, mergeApiParams, parseFormBody } from './api-params.util';
import { paginate } from './pagination.util';

describe('mergeApiParams', () => {
  it('should turn name[] keys from query, form and JSON into arrays, later sources winning', () => {
    const form = parseFormBody('thread_category_ids%5B%5D=a&thread_category_ids%5B%5D=b&body=hi');
    const params = mergeApiParams({ 'ids[]': 'x', body: 'from query' }, form, { private: 1 });
    expect(params).toEqual({ ids: ['x'], thread_category_ids: ['a', 'b'], body: 'hi', private: 1 });
    expect(listParam(params, 'thread_category_ids')).toEqual(['a', 'b']);
    expect(booleanParam(params, 'private')).toBe(true);
    expect(booleanParam({ private: 'true' }, 'private')).toBe(true);
    expect(booleanParam({ private: '0' }, 'private')).toBe(false);
  });
});

describe('paginate', () => {
  it('should default to 30, clamp above 150 and refuse a negative offset', () => {
    const records = Array.from({ length: 200 }, (_, i) => i);
    expect(paginate(records, {})).toMatchObject({ count: 200, offset: 0, limit: 30 });
    expect(paginate(records, { limit: '151', offset: '100' })).toMatchObject({ limit: 150, offset: 100 });
    expect(paginate(records, { limit: '151', offset: '100' }).records).toHaveLength(100);
    expect(() => paginate(records, { offset: '-1' })).toThrow('offset must be');
    expect(() => paginate(records, { limit: 'ten' })).toThrow('limit must be an integer');
  });
});
