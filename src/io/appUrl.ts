// Browser edge: the address of this app with a link's '?query#fragment' (encodeShare's form).

export const appUrl = (link: string): string =>
  `${window.location.origin}${window.location.pathname}?${link}`;
