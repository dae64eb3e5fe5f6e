/**
 * Lowercase, accents removed, every run of punctuation or whitespace turned into one space:
 * "Parler à quelqu’un !" and "parler a quelqu'un" both become "parler a quelqu un".
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface CompiledPattern {
  readonly phrase: string;
  readonly words: number;
}

export function compilePattern(pattern: string): CompiledPattern {
  const phrase = normalizeText(pattern);
  return { phrase, words: phrase === '' ? 0 : phrase.split(' ').length };
}

/**
 * Word count of the longest pattern found as whole words in the normalised text, 0 when none is:
 * "agent" is found in "un agent svp" but not in "mon agenda".
 */
export function longestMatch(normalizedText: string, patterns: readonly CompiledPattern[]): number {
  const padded = ` ${normalizedText} `;
  let longest = 0;
  for (const pattern of patterns) {
    if (pattern.words > longest && padded.includes(` ${pattern.phrase} `)) {
      longest = pattern.words;
    }
  }
  return longest;
}
