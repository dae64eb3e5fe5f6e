import { compilePattern, longestMatch, normalizeText } from './text-matcher.util';

describe('normalizeText', () => {
  it.each([
    ['Bonjour !', 'bonjour'],
    ['  Parler à QUELQU’UN ?? ', 'parler a quelqu un'],
    ['Réinitialiser mon mot-de-passe...', 'reinitialiser mon mot de passe'],
    ['Ça, c’est mon cœur', 'ca c est mon coeur'],
  ])('should turn %p into %p', (text, expected) => {
    expect(normalizeText(text)).toBe(expected);
  });
});

describe('longestMatch', () => {
  const patterns = ['agent', 'mot de passe', "quelqu'un"].map(compilePattern);

  it('should give the word count of the longest pattern found', () => {
    expect(longestMatch(normalizeText('Un agent, mon mot de passe !'), patterns)).toBe(3);
  });

  it('should match accented and apostrophe variants of a pattern', () => {
    expect(longestMatch(normalizeText('Je voudrais QUELQU’UN'), patterns)).toBe(2);
  });

  it.each([['mon agenda'], ['agents'], ['mot de passage'], ['']])('should find nothing in %p', (text) => {
    expect(longestMatch(normalizeText(text), patterns)).toBe(0);
  });
});
