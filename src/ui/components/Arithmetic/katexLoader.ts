// KaTeX (about 70 KB gzipped, and its stylesheet) is loaded on first use, not with the app: the
// first screen draws without waiting for it, and the formulas appear a moment later.

type Katex = typeof import('katex').default;

let loaded: Katex | null = null;
let loading: Promise<Katex> | null = null;

export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(
    ([m]) => (loaded = m.default),
    (e: unknown) => {
      loading = null; // try again on the next formula
      throw e;
    },
  );
  return loading;
}

/** KaTeX when it has loaded, else null. */
export const katexNow = (): Katex | null => loaded;
