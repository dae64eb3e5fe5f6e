import { JsonDepthScanner } from './json-depth.scanner';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe(JsonDepthScanner.name, () => {
  describe('feed', () => {
    it('should accept a body nested exactly to the limit', () => {
      expect(new JsonDepthScanner(5).feed(Buffer.from(nested(5)))).toBe(true);
    });

    it('should refuse a body nested one level deeper than the limit, objects and arrays alike', () => {
      expect(new JsonDepthScanner(5).feed(Buffer.from(nested(6)))).toBe(false);
      expect(new JsonDepthScanner(2).feed(Buffer.from('{"a":{"b":[1]}}'))).toBe(false);
    });

    it('should not count brackets inside strings, escaped quotes included', () => {
      const body = JSON.stringify({ text: '[[[[{{{{ \\" "[[[[' });
      expect(new JsonDepthScanner(1).feed(Buffer.from(body))).toBe(true);
    });

    it('should keep its state across chunks split anywhere, inside a string or an escape', () => {
      const body = Buffer.from(JSON.stringify({ a: 'x\\"[[[[', b: [[[1]]] }));
      const scanner = new JsonDepthScanner(3);
      const verdicts = [...body].map((byte) => scanner.feed(Uint8Array.of(byte)));
      expect(verdicts.every(Boolean)).toBe(false);
      expect(verdicts.indexOf(false)).toBe(body.indexOf('[[[1') + 2);
    });

    it('should scan a depth of 100,000 without overflowing the stack', () => {
      expect(new JsonDepthScanner(64).feed(Buffer.from(nested(100_000)))).toBe(false);
    });
  });
});
