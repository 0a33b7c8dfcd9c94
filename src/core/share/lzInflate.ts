// lz-string's decompressFromEncodedURIComponent, with a ceiling on the output. LZ back-references
// let a link of 75 k characters inflate to half a billion (a "decompression bomb"); the library
// has no limit, so this port of its decoder (lz-string 1.5.0, MIT, © 2013 pieroxy) stops and
// returns null as soon as the text would pass `maxChars`. Output is identical otherwise.

const URI_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map([...URI_SAFE].map((ch, i) => [ch, i]));

/** Decodes `input` (compressToEncodedURIComponent's alphabet); null when damaged or too long. */
export function inflateUriComponent(input: string, maxChars: number): string | null {
  if (input === '') return null;
  const text = input.replace(/ /g, '+');
  const RESET = 32;
  let val = VALUE.get(text.charAt(0)) ?? 0;
  let position = RESET;
  let index = 1;
  /** The next `n` bits, least significant first. */
  const read = (n: number): number => {
    let bits = 0;
    for (let power = 1; power !== 1 << n; power <<= 1) {
      const bit = val & position;
      position >>= 1;
      if (position === 0) {
        position = RESET;
        val = VALUE.get(text.charAt(index++)) ?? 0;
      }
      if (bit > 0) bits |= power;
    }
    return bits;
  };

  const dictionary: string[] = ['0', '1', '2'];
  let enlargeIn = 4;
  let numBits = 3;
  const first = read(2);
  if (first === 2) return '';
  if (first > 2) return null;
  let w = String.fromCharCode(read(first === 0 ? 8 : 16));
  dictionary[3] = w;
  const result = [w];
  let size = w.length;

  for (;;) {
    if (index > text.length) return null;
    let c = read(numBits);
    if (c === 0 || c === 1) {
      dictionary.push(String.fromCharCode(read(c === 0 ? 8 : 16)));
      c = dictionary.length - 1;
      if (--enlargeIn === 0) enlargeIn = 1 << numBits++;
    } else if (c === 2) {
      return result.join('');
    }
    let entry: string;
    if (c < dictionary.length && c > 2) entry = dictionary[c];
    else if (c === dictionary.length) entry = w + w.charAt(0);
    else return null;
    size += entry.length;
    if (size > maxChars) return null;
    result.push(entry);
    dictionary.push(w + entry.charAt(0));
    w = entry;
    if (--enlargeIn === 0) enlargeIn = 1 << numBits++;
  }
}
