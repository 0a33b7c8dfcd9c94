// Test support: the smallest rendered font size of the text visible in the viewport, in CSS
// pixels as seen on screen (CSS zoom and SVG scaling included), and where it is.
import type { Page } from '@playwright/test';

export interface SmallText {
  readonly px: number;
  readonly text: string;
  readonly where: string;
}

export const smallestVisibleText = (page: Page, below = 18): Promise<SmallText[]> =>
  page.evaluate((below) => {
    const out: { px: number; text: string; where: string }[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      if (el.closest('.sr-only, .katex-mathml, script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.bottom < 0 || r.top > vh || r.right < 0 || r.left > vw)
        continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue;
      // The element's own text (an element, not the text node, carries the style).
      const host: Element = el;
      let px = parseFloat(cs.fontSize);
      if (host instanceof SVGGraphicsElement) {
        // SVG text: its screen transform holds the viewBox scale and any CSS zoom above it.
        const ctm = host.getScreenCTM();
        if (ctm) px *= Math.hypot(ctm.a, ctm.b);
      } else {
        // CSS zoom on the ancestors (Chromium reports the unzoomed size).
        for (let a: Element | null = el; a; a = a.parentElement) {
          const z = parseFloat(getComputedStyle(a).zoom || '1');
          if (z && z !== 1) px *= z;
        }
      }
      if (px < below) {
        const id = el.closest('[data-testid]')?.getAttribute('data-testid') ?? el.tagName;
        out.push({ px: Math.round(px * 10) / 10, text: text.slice(0, 30), where: id });
      }
    }
    return out;
  }, below);
