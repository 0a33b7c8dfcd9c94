import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { inflateUriComponent } from './lzInflate';

describe('inflateUriComponent', () => {
  it('decodes exactly what lz-string encodes (any UTF-16 text)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (s) => {
        const z = LZString.compressToEncodedURIComponent(s);
        expect(inflateUriComponent(z, 1e9)).toBe(s);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on junk', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        expect(() => inflateUriComponent(s, 1e6)).not.toThrow();
      }),
    );
  });

  it('stops at the ceiling: a bomb of repeated text is refused, not built', () => {
    const z = LZString.compressToEncodedURIComponent('a'.repeat(2_000_000));
    expect(z.length).toBeLessThan(4000);
    expect(inflateUriComponent(z, 1_000_000)).toBeNull();
    expect(inflateUriComponent(z, 2_000_000)).toHaveLength(2_000_000);
  }, 20_000); // compressing 2 M characters takes seconds on a busy 2-core machine
});

describe('the bomb of the hostile-link list', () => {
  it('would inflate to 18 M characters; the ceiling refuses it', async () => {
    const { lzBomb } = await import('../testing/hostileLinks');
    const small = inflateUriComponent(lzBomb(100), 1e9)!;
    expect(small).toBe('a'.repeat(small.length));
    expect(small.length).toBe((101 * 102) / 2);
    const bomb = lzBomb(6000);
    expect(bomb.length).toBeLessThan(14_000);
    expect(inflateUriComponent(bomb, 16_000_000)).toBeNull();
  });
});
