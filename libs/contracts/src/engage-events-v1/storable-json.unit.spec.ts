import { normalizeText, storableTextProblem } from './storable-json';

describe('normalizeText', () => {
  it('should replace NUL and lone surrogates with U+FFFD in keys and values, keeping emoji and the rest', () => {
    const value = {
      body: 'a\u0000b 🙏',
      list: ['\uD800', 'ok'],
      ['k\u0000']: { deep: '\uDC00x' },
      n: 1,
      t: true,
    };

    expect(normalizeText(value)).toEqual({
      body: 'a\uFFFDb 🙏',
      list: ['\uFFFD', 'ok'],
      ['k\uFFFD']: { deep: '\uFFFDx' },
      n: 1,
      t: true,
    });
    expect(storableTextProblem(normalizeText(value))).toBeNull();
  });

  it('should keep text with nothing to replace as it is', () => {
    const value = { body: 'bonjour', nested: { list: [1, 'a'] } };

    expect(normalizeText(structuredClone(value))).toEqual(value);
  });

  it('should not mutate what it was given', () => {
    const input = { body: 'a\u0000b' };

    normalizeText(input);

    expect(input.body).toBe('a\u0000b');
  });
});
