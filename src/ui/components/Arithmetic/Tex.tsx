import katex from 'katex';
import 'katex/dist/katex.min.css';
import { memo, useMemo } from 'react';

interface TexProps {
  /** A TeX expression (KaTeX's subset); errors render in red instead of throwing. */
  readonly expr: string;
  /** Display (block) style, left-aligned by Arithmetic.css; inline otherwise. */
  readonly display?: boolean;
}

/** Typesets TeX with KaTeX: HTML for the eye, MathML for screen readers. */
export const Tex = memo(function Tex({ expr, display = false }: TexProps) {
  const html = useMemo(
    () =>
      katex.renderToString(expr, {
        throwOnError: false,
        output: 'htmlAndMathml',
        displayMode: display,
      }),
    [expr, display],
  );
  const Tag = display ? 'div' : 'span';
  return <Tag className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
});
