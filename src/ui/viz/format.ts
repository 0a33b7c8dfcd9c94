// Number formatting for screens and projectors: thousands separators, a true minus sign (−),
// compact units for big counts and byte sizes.

const MINUS = '\u2212';

export const withMinus = (s: string): string => s.replace(/^-/, MINUS);

/** 61100840 → "61,100,840" */
export const fmtInt = (n: number): string => withMinus(Math.round(n).toLocaleString('en-US'));

/** 15470264320 → "15.5 G" */
export function fmtCompact(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${withMinus((n / v).toFixed(1))} ${u}`;
  return fmtInt(n);
}

export function fmtBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** A value in a cell: up to 3 significant decimals, true minus. */
export function fmtValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : `${MINUS}∞`;
  const a = Math.abs(v);
  const s =
    a !== 0 && (a >= 1e4 || a < 1e-3) ? v.toExponential(2) : Number(v.toFixed(3)).toString();
  return withMinus(s);
}

/** 269718950.9 → "270,000,000×": three significant digits, for "N times as many". */
export const fmtRatio = (r: number): string =>
  `${Number(r.toPrecision(3)).toLocaleString('en-US')}×`;

/** A setting in a number box: plain digits, or 1e-5 for tiny values (0.00001 would be cut off). */
export const fmtNumber = (v: number): string =>
  Number.isFinite(v) && v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
