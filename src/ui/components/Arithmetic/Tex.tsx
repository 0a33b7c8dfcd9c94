import './Tex.css';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { whenIdle } from '../../../io/idleQueue';
import { katexNow, loadKatex } from './katexLoader';

type Katex = NonNullable<ReturnType<typeof katexNow>>;

/** Typeset formulas by display mode and source: an edit and its undo show the same few again. */
const typesetCache = new Map<string, string>();
const CACHE_SIZE = 256;

/** KaTeX's HTML for a formula (~1–5 ms each on a slow laptop), from the cache when it is there. */
function typeset(katex: Katex, expr: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${expr}`;
  let html = typesetCache.get(key);
  if (html === undefined) {
    html = katex.renderToString(expr, {
      throwOnError: false,
      output: 'htmlAndMathml',
      displayMode: display,
    });
    if (typesetCache.size >= CACHE_SIZE) typesetCache.delete(typesetCache.keys().next().value!);
  }
  typesetCache.delete(key);
  typesetCache.set(key, html); // most recent last
  return html;
}

interface TexProps {
  /** A TeX expression (KaTeX's subset); errors render in red instead of throwing. */
  readonly expr: string;
  /** Display (block) style, left-aligned by Arithmetic.css; inline otherwise. */
  readonly display?: boolean;
}

/**
 * Typesets TeX with KaTeX: HTML for the eye, MathML for screen readers. A display formula wider
 * than its panel (a phone) scrolls sideways in its own box, which then takes the keyboard focus so
 * it can be scrolled with the arrow keys.
 */
export const Tex = memo(function Tex({ expr, display = false }: TexProps) {
  const [katex, setKatex] = useState(katexNow);
  useEffect(() => {
    if (katex) return;
    let live = true;
    // Fetched when the page is idle: KaTeX, its stylesheet and fonts (a relayout of the page)
    // come after the first feature map, not before it.
    const cancel = whenIdle(() =>
      loadKatex().then(
        (k) => live && setKatex(() => k),
        () => {}, // offline and never loaded: the TeX source stays as the text
      ),
    );
    return () => {
      live = false;
      cancel();
    };
  }, [katex]);
  const html = useMemo(
    () => (katex ? typeset(katex, expr, display) : null),
    [katex, expr, display],
  );
  const ref = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!display || !el || typeof ResizeObserver === 'undefined') return;
    // The observer's first report comes after the next layout: measuring here would force one.
    const check = () => setWide(el.scrollWidth > el.clientWidth + 1);
    const watch = new ResizeObserver(check);
    watch.observe(el);
    return () => watch.disconnect();
  }, [display, html]);
  // Until KaTeX arrives, the TeX source itself (readable, and the same words for a screen reader).
  if (html === null)
    return display ? (
      <div ref={ref} className="tex tex-display tex-pending">
        {expr}
      </div>
    ) : (
      <span className="tex tex-pending">{expr}</span>
    );
  if (!display) return <span className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
  return (
    <div
      ref={ref}
      className="tex tex-display"
      tabIndex={wide ? 0 : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
