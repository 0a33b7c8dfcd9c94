// The Content-Security-Policy the built app runs under (no 'unsafe-eval'). The build writes it
// into index.html as a <meta> tag; README shows the same policy as a header for a static host,
// where frame-ancestors (which a <meta> tag cannot carry) decides who may embed the app.
//
// style-src needs 'unsafe-inline': KaTeX writes its layout as style attributes.
// img-src / connect-src allow data: and blob: for the PNG/SVG export and file downloads.
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'data:', 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

export const cspString = (directives: Record<string, string[]> = CSP_DIRECTIVES): string =>
  Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
