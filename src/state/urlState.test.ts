// A screen → a link → the same screen, through the store; and the host API's messages.
import { beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL } from '../core/share/hostMessages';
import { HOSTILE_LINKS } from '../core/testing/hostileLinks';
import { loadPreset, selectLayer, selectSample } from './actions';
import { goStep, setAnimCount, setSpeed } from './animActions';
import { handleHostMessage } from './hostApi';
import { setInputMode, setInputValue } from './inputActions';
import { addLayer, updateLayer } from './networkActions';
import { initialState, useStore, type AppState } from './store';
import { openLink, shareQuery } from './urlState';
import { setInspector, pinUnit, setColorScale } from './viewActions';
import { reinitLayer, setWeight } from './weightActions';

const state = () => useStore.getState();
const fresh = () => useStore.setState(initialState(), true);
beforeEach(fresh);

/** What a screen shows, minus history and computed values. */
const screen = (s: AppState) => ({
  presetId: s.presetId,
  network: s.network,
  seed: s.seed,
  fixedWeights: s.fixedWeights,
  weightsId: s.weightsId,
  inputMode: s.inputMode,
  fixedInput: s.fixedInput,
  selected: s.selectedLayerId,
  sample: s.sampleId,
  view: { ...s.view, anim: { ...s.view.anim, count: 0 } },
});

function reopen(): AppState {
  const before = screen(state());
  const query = shareQuery();
  fresh();
  expect(openLink(`?${query}`)).toBe(true);
  expect(screen(state())).toEqual(before);
  return state();
}

describe('a link reproduces the screen', () => {
  it('an unedited preset is a short readable link', () => {
    loadPreset('lenet5');
    selectLayer('s2');
    selectSample('coffee');
    setColorScale('global');
    expect(shareQuery()).toBe('v=1&preset=lenet5&sample=coffee&layer=s2&scale=global');
    reopen();
  });

  it('an edited network with hand-set weights, typed input, a unit and the animation', () => {
    loadPreset('teach_5x5_exercise');
    const id = state().network.layers[0].id;
    setWeight(id, 4, 2.5);
    setInputValue(0, 2, 2, -7);
    const extra = addLayer('maxPool2d')!;
    updateLayer(extra, { kernel: [2, 2], stride: [1, 1] });
    reinitLayer(id, 4242);
    selectLayer(id);
    setInspector('steps');
    setAnimCount(9);
    goStep(4);
    setSpeed(0.25);
    pinUnit({ layerId: id, c: 0, y: 1, x: 2 });
    expect(shareQuery()).toContain('net=');
    const s = reopen();
    expect(s.view.anim.step).toBe(4);
    expect(s.edited).toBe(true);
  });

  it('image input after numeric mode, and a custom network from empty', () => {
    loadPreset('empty');
    addLayer('conv2d');
    setInputMode('numeric');
    setInputMode('image');
    reopen();
  });

  it('a pinned unit that an edit removed is not written into the link', () => {
    loadPreset('lenet5');
    pinUnit({ layerId: 'c3', c: 15, y: 9, x: 9 });
    updateLayer('c1', { kernel: [9, 9] });
    expect(shareQuery()).not.toContain('unit=');
    fresh();
    expect(openLink(`?${shareQuery()}`)).toBe(true);
  });

  it('a link detail that does not fit is dropped with a notice; the network stays', () => {
    expect(openLink('?preset=lenet5&layer=c3&unit=c3:99:0:0')).toBe(true);
    expect(state().presetId).toBe('lenet5');
    expect(state().selectedLayerId).toBe('c3');
    expect(state().view.unit).toBeNull();
    expect(state().notices[0]).toContain('Part of this link was ignored — unit: c3 is 16×10×10');
  });

  it('opening a link gives its screen whatever was there before', () => {
    loadPreset('tinyvgg');
    useStore.setState({ seed: 7, view: { ...state().view, theme: 'dark' } });
    openLink('?preset=lenet5');
    expect(state().seed).toBe(1);
    expect(state().view.theme).toBe('light');
  });

  it('a hostile link leaves the default network and a notice naming the problem', () => {
    for (const h of HOSTILE_LINKS) {
      fresh();
      expect(openLink(h.query)).toBe(false);
      expect(state().presetId).toBe('tinyvgg');
      expect(state().notices[0]).toContain(h.expect);
    }
  });
});

describe('host API', () => {
  const send = (m: object) => handleHostMessage({ channel: CHANNEL, ...m });

  it('loads a preset, selects a layer and a unit, drives the animation', () => {
    loadPreset('tinyvgg');
    expect(send({ type: 'load', preset: 'lenet5' })).toMatchObject({ type: 'loaded' });
    expect(state().presetId).toBe('lenet5');
    expect(send({ type: 'selectLayer', layer: 'c3' })).toMatchObject({
      type: 'done',
      request: 'selectLayer',
    });
    expect(state().selectedLayerId).toBe('c3');
    send({ type: 'selectUnit', unit: { layerId: 'c1', c: 1, y: 2, x: 3 } });
    expect(state().view.unit).toEqual({ layerId: 'c1', c: 1, y: 2, x: 3 });
    expect(state().selectedLayerId).toBe('c1');
    expect(send({ type: 'play' })).toMatchObject({ type: 'error' });
    setAnimCount(100);
    send({ type: 'play' });
    expect(state().view.anim.playing).toBe(true);
    send({ type: 'pause' });
    send({ type: 'step', by: 3 });
    send({ type: 'step' });
    expect(state().view.anim.step).toBe(4);
    send({ type: 'seek', step: 1000 });
    expect(state().view.anim.step).toBe(99);
  });

  it('a host load resets the seed but keeps the display (theme) of the embed', () => {
    loadPreset('tinyvgg');
    useStore.setState({ seed: 7, view: { ...state().view, theme: 'dark' } });
    send({ type: 'load', preset: 'lenet5' });
    expect(state().seed).toBe(1);
    expect(state().view.theme).toBe('dark');
  });

  it('refuses bad messages with an error and keeps the network', () => {
    loadPreset('lenet5');
    const before = state().network;
    const bad = [
      { type: 'eval', code: 'alert(1)' },
      { type: 'load' },
      { type: 'load', preset: 'nope' },
      { type: 'load', document: { format: 'cnn-visualizer/network', version: 1, network: 1 } },
      { type: 'load', link: '?net=garbage' },
      { type: 'selectLayer', layer: 'nope' },
      { type: 'selectUnit', unit: { layerId: 'c1', c: 99, y: 0, x: 0 } },
      { type: 'step', by: 'x' },
    ];
    for (const m of bad) expect(send(m)).toMatchObject({ type: 'error' });
    expect(state().network).toBe(before);
  });

  it('loads a network document and answers getState with a link', () => {
    const doc = JSON.parse(
      JSON.stringify({
        format: 'cnn-visualizer/network',
        version: 1,
        network: { input: { n: 1, c: 1, h: 8, w: 8 }, layers: [] },
      }),
    );
    expect(send({ type: 'load', document: doc })).toMatchObject({ type: 'loaded', layers: [] });
    expect(state().network.input.h).toBe(8);
    expect(send({ type: 'getState' })).toMatchObject({ type: 'state' });
  });

  it('a document with 4 M typed input values is refused at once, with a reason', () => {
    loadPreset('lenet5');
    const before = state().network;
    const doc = {
      format: 'cnn-visualizer/network',
      version: 1,
      network: { input: { n: 1, c: 16, h: 512, w: 512 }, layers: [] },
      input: new Array(16 * 512 * 512).fill(0),
    };
    // Refused by the length check before the schema reads 4 M numbers (see parseDocument).
    const reply = send({ type: 'load', document: doc });
    expect(reply).toMatchObject({ type: 'error' });
    expect(reply.type === 'error' && reply.message).toMatch(/typed input holds at most 4×16×16/);
    expect(state().network).toBe(before);
  });

  it('every message gets a reply', () => {
    loadPreset('lenet5');
    setAnimCount(10);
    for (const m of [
      { type: 'selectLayer', layer: 'c1' },
      { type: 'selectUnit', unit: null },
      { type: 'showView', view: 'steps' },
      { type: 'play' },
      { type: 'pause' },
      { type: 'step' },
      { type: 'seek', step: 2 },
    ])
      expect(send(m)).toMatchObject({ type: 'done', request: m.type });
  });
});
