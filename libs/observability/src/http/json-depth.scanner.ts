const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Tracks how deeply a JSON text nests arrays and objects, chunk by chunk, without recursion and
 * without parsing: brackets inside strings do not count. UTF-8 multi-byte sequences never hold
 * these ASCII bytes, so a chunk may end anywhere. It judges nesting only; JSON.parse judges syntax.
 */
export class JsonDepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly maxDepth: number) {}

  /** False as soon as the text seen so far nests deeper than the limit. */
  feed(chunk: Uint8Array): boolean {
    for (const byte of chunk) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
        } else if (byte === BACKSLASH) {
          this.escaped = true;
        } else if (byte === QUOTE) {
          this.inString = false;
        }
      } else if (byte === QUOTE) {
        this.inString = true;
      } else if (OPENERS.has(byte)) {
        this.depth += 1;
        if (this.depth > this.maxDepth) {
          return false;
        }
      } else if (CLOSERS.has(byte)) {
        this.depth -= 1;
      }
    }
    return true;
  }
}
