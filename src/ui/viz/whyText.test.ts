import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { WHY_METHODS } from '../../core/explain/whySettings';
import { SALIENCY_TEXT, methodText } from './whyText';

describe('each method explains itself', () => {
  const all = [
    ...Object.values(SALIENCY_TEXT),
    ...WHY_METHODS.filter((m) => m !== 'saliency').map((m) => methodText(m, 'vanilla')),
  ];
  it.each(all.map((t) => [t.title, t]))(
    '%s: its formula is valid TeX, with words and pitfalls',
    (_, t) => {
      expect(() =>
        katex.renderToString(t.formula, { throwOnError: true, displayMode: true }),
      ).not.toThrow();
      expect(t.plain.length).toBeGreaterThan(80);
      expect(t.pitfalls.length).toBeGreaterThan(60);
    },
  );
});
