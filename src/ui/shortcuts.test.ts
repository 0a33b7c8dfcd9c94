import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from './shortcuts';

const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
  ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  }) as KeyboardEvent;

describe('the shortcut table', () => {
  it('no key press matches two shortcuts', () => {
    const presses = [
      ...'?lfdmwps[],.LFDMWPS'.split('').map((k) => key(k)),
      key('Escape'),
      key('z', { ctrlKey: true }),
      key('Z', { ctrlKey: true, shiftKey: true }),
      key('y', { ctrlKey: true }),
    ];
    for (const e of presses) {
      const hits = SHORTCUTS.filter((s) => s.match?.(e));
      expect(hits.length, e.key).toBe(1);
    }
  });
  it('plain letters with Ctrl or Alt are left to the browser', () => {
    for (const k of 'lfdmwps') {
      expect(SHORTCUTS.some((s) => s.match?.(key(k, { ctrlKey: true })))).toBe(false);
      expect(SHORTCUTS.some((s) => s.match?.(key(k, { altKey: true })))).toBe(false);
    }
  });
  it('every entry says what it does', () => {
    for (const s of SHORTCUTS) expect(s.does.length).toBeGreaterThan(3);
  });
});
