import { shuffled } from './webhook-delivery';

describe('shuffled', () => {
  it('should reorder every item without losing or repeating one, and leave the input alone', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const draws = [0.1, 0.7, 0.3, 0.9];

    const result = shuffled(items, () => draws.shift() ?? 0);

    expect(result).not.toEqual(items);
    expect([...result].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
