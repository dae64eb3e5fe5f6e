/**
 * The text in at most `maxChars` characters: whole as it is when it fits, else cut before the last
 * word that does not fit (mid-word only for a single word longer than that) and ended with "…".
 */
export function cutAtWord(text: string, maxChars: number): string {
  // Code points, not UTF-16 units: an emoji is one character and is never split in half.
  const chars = Array.from(text);
  if (chars.length <= maxChars) {
    return text;
  }
  const head = chars.slice(0, maxChars).join('');
  const lastSpace = head.search(/\s\S*$/);
  const kept = lastSpace > 0 ? head.slice(0, lastSpace) : chars.slice(0, maxChars - 1).join('');
  return `${kept.trimEnd()}…`;
}
