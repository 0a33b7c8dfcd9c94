// Browser edge: pictures of what is on screen. PNG of any panel (html-to-image draws the DOM,
// canvases included, into a canvas at twice the pixel density); SVG of a diagram, with the
// computed styles written into the copy so it looks the same outside the page.

import { downloadBlob } from './download';

export async function exportPng(el: HTMLElement, filename: string): Promise<void> {
  const background = getComputedStyle(document.documentElement).getPropertyValue('--panel');
  // html-to-image copies the computed style of HTML elements but not of SVG shapes styled by
  // class, which then draw black: write their styles inline for the moment of the copy.
  const restore = inlineSvgStyles(el);
  try {
    // Loaded on the first export only: most visits never save a picture.
    const { toPng } = await import('html-to-image');
    const url = await toPng(el, {
      pixelRatio: 2,
      backgroundColor: background.trim() || '#ffffff',
      // Export buttons themselves are not part of the picture.
      filter: (node) => !(node instanceof HTMLElement && node.dataset.noExport !== undefined),
    });
    const blob = await (await fetch(url)).blob();
    downloadBlob(blob, filename);
  } finally {
    restore();
  }
}

/** Writes the computed styles of every SVG element under `root` inline; returns the undo. */
function inlineSvgStyles(root: HTMLElement): () => void {
  const saved: [Element, string | null][] = [];
  for (const node of root.querySelectorAll('svg, svg *')) {
    const cs = getComputedStyle(node);
    saved.push([node, node.getAttribute('style')]);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    node.setAttribute('style', `${node.getAttribute('style') ?? ''};${style}`);
  }
  return () => {
    for (const [node, style] of saved) {
      if (style === null) node.removeAttribute('style');
      else node.setAttribute('style', style);
    }
  };
}

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

/** A standalone SVG document of `svg`, styles inlined. */
export function svgDocument(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [copy, ...copy.querySelectorAll('*')];
  src.forEach((node, i) => {
    const cs = getComputedStyle(node);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    (dst[i] as SVGElement).setAttribute('style', style);
  });
  const box = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  if (!copy.getAttribute('width')) copy.setAttribute('width', String(Math.round(box.width)));
  if (!copy.getAttribute('height')) copy.setAttribute('height', String(Math.round(box.height)));
  return new XMLSerializer().serializeToString(copy);
}

/**
 * Every diagram in a panel as one SVG: each of its <svg> elements placed where it is on screen.
 * (Text drawn in HTML around the diagrams is not part of it; the PNG has everything.)
 */
export function panelSvg(panel: HTMLElement): string | null {
  const svgs = [...panel.querySelectorAll('svg')].filter(
    (s) => !s.parentElement?.closest('svg') && s.getBoundingClientRect().width > 0,
  );
  if (svgs.length === 0) return null;
  if (svgs.length === 1) return svgDocument(svgs[0]);
  const box = panel.getBoundingClientRect();
  const parts = svgs.map((s) => {
    const r = s.getBoundingClientRect();
    const inner = svgDocument(s).replace(
      '<svg',
      `<svg x="${Math.round(r.left - box.left)}" y="${Math.round(r.top - box.top)}"`,
    );
    return inner;
  });
  const w = Math.round(box.width);
  const h = Math.round(box.height);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
}

export function exportSvg(panel: HTMLElement, filename: string): boolean {
  const text = panelSvg(panel);
  if (text) downloadBlob(new Blob([text], { type: 'image/svg+xml' }), filename);
  return text !== null;
}
