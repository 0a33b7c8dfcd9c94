import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, parseUrl } from './urlState';

describe('parseUrl', () => {
  it('?preset=vgg16 → vgg16, no problems', () => {
    expect(parseUrl('?preset=vgg16')).toEqual({
      presetId: 'vgg16',
      sampleId: undefined,
      problems: [],
    });
  });
  it('empty query → the default preset', () => {
    expect(parseUrl('').presetId).toBe(DEFAULT_PRESET);
  });
  it('unknown preset → default and a message naming it (truncated)', () => {
    const r = parseUrl(`?preset=${'x'.repeat(100)}`);
    expect(r.presetId).toBe(DEFAULT_PRESET);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain(`'${'x'.repeat(40)}'`);
    expect(r.problems[0]).not.toContain('x'.repeat(41));
  });
  it('script text in the preset is only quoted, never a preset', () => {
    const r = parseUrl('?preset=%3Cscript%3Ealert(1)%3C/script%3E&sample=chelsea');
    expect(r.presetId).toBe(DEFAULT_PRESET);
    expect(r.sampleId).toBe('chelsea');
  });
  it('unknown sample → message', () => {
    expect(parseUrl('?sample=dog').problems[0]).toContain("'dog'");
  });
});
