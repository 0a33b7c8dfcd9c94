import { describe, expect, it } from 'vitest';
import { grayscale, toChannels } from './color';
import { normalize } from './normalize';
import { picture, rgbaToPicture, type RgbaImage } from './picture';
import { DEFAULT_PREPROCESS, preprocess } from './pipeline';

const rgba = (w: number, h: number, f: (x: number, y: number) => number[]): RgbaImage => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 4);
  return { width: w, height: h, data };
};

describe('colour and normalization', () => {
  it('transparent pixels are composited over white; luma is BT.601', () => {
    const p = rgbaToPicture(rgba(2, 1, (x) => (x ? [255, 0, 0, 255] : [0, 0, 0, 0])));
    expect([...p.data]).toEqual([1, 1, 1, 0, 1, 0]);
    expect(grayscale(p).data[1]).toBeCloseTo(0.299, 6);
  });
  it('2 channels repeat R, G; 4 channels R, G, B, R', () => {
    const p = picture(1, 1, 3);
    p.data.set([0.1, 0.2, 0.3]);
    expect([...toChannels(p, 4).data]).toEqual([...p.data, p.data[0]]);
    expect([...toChannels(p, 2).data]).toEqual([p.data[0], p.data[1]]);
  });
  it('mnist: (0 − 0.1307)/0.3081 and (1 − 0.1307)/0.3081; imagenet per channel', () => {
    const g = picture(2, 1, 1);
    g.data.set([0, 1]);
    const m = normalize(g, 'mnist');
    expect(m.data[0]).toBeCloseTo(-0.4242129, 5);
    expect(m.data[1]).toBeCloseTo(2.8214867, 5);
    const c = picture(1, 1, 3);
    c.data.set([0.5, 0.5, 0.5]);
    const i = normalize(c, 'imagenet');
    expect(i.data[0]).toBeCloseTo((0.5 - 0.485) / 0.229, 5);
    expect(i.data[2]).toBeCloseTo((0.5 - 0.406) / 0.225, 5);
    expect(normalize(g, 'none')).toBe(g);
  });
});

describe('preprocess', () => {
  // 400×200: left half red, right half blue; the middle 200×200 is half red, half blue.
  const photo = rgba(400, 200, (x) => (x < 200 ? [255, 0, 0, 255] : [0, 0, 255, 255]));

  it('crop → resize → RGB: the middle of a 400×200 to 3×32×32', () => {
    const out = preprocess(photo, DEFAULT_PREPROCESS, { c: 3, h: 32, w: 32 }, false);
    expect(out.stages.map((s) => s.label)).toEqual(['original', 'cropped to', 'resized to']);
    expect(out.stages.map((s) => [s.width, s.height])).toEqual([
      [400, 200],
      [200, 200],
      [32, 32],
    ]);
    expect(out.stages[0].picture.width).toBe(96); // the thumbnail, not 400 wide
    expect(out.data.length).toBe(3 * 32 * 32);
    // Row 0: red in columns 0..15, blue in 16..31.
    expect(out.data[0]).toBeCloseTo(1, 6);
    expect(out.data[16]).toBeCloseTo(0, 6);
    expect(out.data[2 * 1024 + 16]).toBeCloseTo(1, 6);
  });
  it('1 channel: grayscale and normalized are stages; values are the luma normalized', () => {
    const out = preprocess(
      photo,
      { ...DEFAULT_PREPROCESS, fit: 'letterbox', normalize: 'mnist' },
      { c: 1, h: 8, w: 8 },
      false,
    );
    expect(out.stages.map((s) => s.label)).toEqual([
      'original',
      'letterboxed to',
      'resized to',
      'grayscale',
      'normalized (mnist)',
    ]);
    // Top two rows are padding (0), rows 2..5 the photo, bottom two padding again.
    expect(out.data[0]).toBeCloseTo(-0.1307 / 0.3081, 5);
    expect(out.data[2 * 8]).toBeCloseTo((0.299 - 0.1307) / 0.3081, 5);
    expect(out.data[7 * 8 + 7]).toBeCloseTo(-0.1307 / 0.3081, 5);
  });
  it('a drawing on a 1×32×32 input takes the digit recipe: 28×28 padded by 2', () => {
    const drawing = rgba(280, 280, (x, y) =>
      x > 100 && x < 140 && y > 60 && y < 220 ? [255, 255, 255, 255] : [0, 0, 0, 255],
    );
    const out = preprocess(drawing, DEFAULT_PREPROCESS, { c: 1, h: 32, w: 32 }, true);
    expect(out.digit).toBe(true);
    expect(out.stages.map((s) => `${s.height}×${s.width}`)).toEqual([
      '280×280',
      '159×39',
      '20×5',
      '28×28',
      '32×32',
    ]);
    expect(out.stages.map((s) => s.label)).toEqual([
      'original',
      'ink box',
      'scaled to',
      'centred by mass in',
      'padded to',
    ]);
    // The 2-pixel frame is empty; the middle holds the ink.
    for (let i = 0; i < 32; i++) {
      expect(out.data[i]).toBe(0);
      expect(out.data[32 + i]).toBe(0);
      expect(out.data[i * 32]).toBe(0);
      expect(out.data[i * 32 + 31]).toBe(0);
    }
    expect(out.data[16 * 32 + 16]).toBeCloseTo(1, 5);
    // 'auto' is off for a photo and for a 3-channel input; 'on' turns it on for a photo.
    expect(preprocess(drawing, DEFAULT_PREPROCESS, { c: 1, h: 32, w: 32 }, false).digit).toBe(
      false,
    );
    expect(preprocess(drawing, DEFAULT_PREPROCESS, { c: 3, h: 32, w: 32 }, true).digit).toBe(false);
    const on = { ...DEFAULT_PREPROCESS, digit: 'on' as const };
    const field = preprocess(drawing, on, { c: 1, h: 28, w: 28 }, false).stages.at(-1);
    expect([field?.label, field?.height, field?.width]).toEqual(['centred by mass in', 28, 28]);
  });
});
