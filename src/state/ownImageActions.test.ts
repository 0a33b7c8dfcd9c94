// Your own image through the store's actions: refusals leave everything as it was, a drawing
// updated many times is one undo step, settings are validated, links never carry the pixels.
import { beforeEach, describe, expect, it } from 'vitest';
import type { OwnImage } from '../core/ownImage';
import { loadPreset } from './actions';
import { setInputMode } from './inputActions';
import { undo } from './networkActions';
import { discardOwnImage, openOwnImage, setOwnImage, setPreprocess } from './ownImageActions';
import { ownInput } from './ownInput';
import { initialState, useStore } from './store';
import { captureShare, currentDocument } from './urlState';

const state = () => useStore.getState();

const image = (w: number, h: number, source: OwnImage['source'] = 'file'): OwnImage => ({
  pixels: new Uint8ClampedArray(w * h * 4).fill(255),
  width: w,
  height: h,
  source,
  name: 'photo.png',
});

beforeEach(() => {
  useStore.setState(initialState(), true);
  loadPreset('lenet5');
});

describe('setOwnImage', () => {
  it('switches the input to the own image in one undo step; undo shows the sample again', () => {
    expect(setOwnImage(image(40, 30))).toBeNull();
    expect(state().inputMode).toBe('own');
    expect(state().own?.width).toBe(40);
    // A drawing updated at 30 Hz: pixels change, no further undo steps.
    const steps = state().history.past.length;
    setOwnImage(image(280, 280, 'drawing'));
    setOwnImage(image(280, 280, 'drawing'));
    expect(state().history.past.length).toBe(steps);
    expect(undo()).toBe(true);
    expect(state().inputMode).toBe('image');
  });
  it('stays the input when another network is loaded, unless it brings typed numbers', () => {
    setOwnImage(image(40, 30));
    loadPreset('tinyvgg');
    expect(state().inputMode).toBe('own');
    expect(ownInput(state())?.data.length).toBe(3 * 64 * 64);
    loadPreset('teach_maxpool_4x4');
    expect(state().inputMode).toBe('numeric');
  });
  it('refuses wrong byte counts, huge sizes and unknown sources, changing nothing', () => {
    setOwnImage(image(4, 4));
    const before = state();
    const bad: OwnImage[] = [
      { ...image(4, 4), pixels: new Uint8ClampedArray(10) },
      { ...image(4, 4), width: 0 },
      { ...image(4, 4), width: 4.5 },
      { ...image(4, 4), source: 'web' as OwnImage['source'] },
      { ...image(1, 1), width: 9000, height: 9000 },
      { ...image(1, 1), width: 3000, height: 10 },
    ];
    for (const b of bad) expect(setOwnImage(b)).toEqual(expect.any(String));
    expect(state()).toBe(before);
  });
});

describe('openOwnImage', () => {
  it('a decoder that throws gives a notice naming the file; the input stays', async () => {
    setOwnImage(image(8, 8));
    const own = state().own;
    const why = await openOwnImage('broken.jpg', 'file', () =>
      Promise.reject(new Error('the file could not be decoded')),
    );
    expect(why).toBe('the file could not be decoded');
    expect(state().notices.at(-1)).toBe(
      'Could not use “broken.jpg”: the file could not be decoded. Your input is unchanged.',
    );
    expect(state().own).toBe(own);
    expect(state().inputMode).toBe('own');
  });
  it('a decoded picture becomes the input; of two in flight the later one wins', async () => {
    let release!: () => void;
    const slow = openOwnImage('slow.png', 'drop', async () => {
      await new Promise<void>((r) => (release = r));
      return image(5, 5);
    });
    await openOwnImage('fast.png', 'paste', async () => image(6, 6));
    release();
    await slow;
    expect(state().own).toMatchObject({ name: 'fast.png', source: 'paste', width: 6 });
  });
});

describe('preprocessing settings', () => {
  it('are validated and undoable', () => {
    expect(setPreprocess({ fit: 'letterbox' })).toBeNull();
    expect(state().preprocess.fit).toBe('letterbox');
    expect(setPreprocess({ fit: 'zoom' as never })).toContain('crop, letterbox, stretch');
    expect(setPreprocess({ colour: 'red' } as never)).toContain("'colour'");
    expect(state().preprocess.fit).toBe('letterbox');
    undo();
    expect(state().preprocess.fit).toBe('crop');
  });
  it('change the computed input; the result is cached per image and settings', () => {
    setOwnImage(image(64, 32));
    const a = ownInput(state());
    expect(a?.data.length).toBe(32 * 32);
    expect(ownInput(state())).toBe(a);
    setPreprocess({ normalize: 'mnist' });
    const b = ownInput(state());
    expect(b).not.toBe(a);
    expect(b!.data[0]).toBeCloseTo((1 - 0.1307) / 0.3081, 4);
  });
});

describe('links and files', () => {
  it('never carry the own image: the link shows the sample', () => {
    setOwnImage(image(16, 16));
    expect(JSON.stringify(captureShare())).not.toContain('own');
    expect(currentDocument()).not.toHaveProperty('input');
  });
  it('discarding forgets the pixels and returns to the sample; numbers still work', () => {
    setOwnImage(image(16, 16));
    discardOwnImage();
    expect(state().own).toBeNull();
    expect(state().inputMode).toBe('image');
    loadPreset('teach_maxpool_4x4');
    expect(state().inputMode).toBe('numeric');
    setInputMode('own');
    expect(state().inputMode).toBe('own');
    expect(state().fixedInput).toBeUndefined();
  });
});
