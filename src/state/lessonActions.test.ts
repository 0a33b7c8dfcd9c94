import { beforeEach, describe, expect, it } from 'vitest';
import { LESSONS } from '../core/lessons/lessons';
import { selectLayer } from './actions';
import { answeredNow, openLesson, restoreLessons, startLessonWatch } from './lessonActions';
import { updateLayer } from './networkActions';
import { analyze } from './derived';
import { initialState, useStore } from './store';
import { pinUnit, setBatchNormMode } from './viewActions';

const state = () => useStore.getState();
const atStep = (step: number) =>
  useStore.setState({ view: { ...state().view, anim: { ...state().view.anim, step } } });

beforeEach(() => useStore.setState(initialState(), true));

/** What a student does for each step, and a near miss that must not count. */
const DO: Record<string, { right: () => void; wrong?: () => void }> = {
  slide: { right: () => atStep(4), wrong: () => atStep(3) },
  filters: {
    right: () => updateLayer('conv', { outChannels: 16 }),
    wrong: () => updateLayer('conv', { outChannels: 15 }),
  },
  padding: {
    right: () => updateLayer('conv', { padding: [0, 0] }),
    wrong: () => updateLayer('conv', { padding: [1, 1] }),
  },
  stride: {
    right: () => updateLayer('conv', { stride: [2, 2] }),
    // (7 − 3) / 4 fits two windows, but row and column 3 are never read.
    wrong: () => updateLayer('conv', { stride: [4, 4] }),
  },
  dilation: {
    right: () => updateLayer('conv1', { dilation: [2, 2] }),
    wrong: () => updateLayer('conv1', { dilation: [3, 3] }),
  },
  field: {
    right: () => pinUnit({ layerId: 'conv2', c: 0, y: 1, x: 1 }),
    wrong: () => pinUnit({ layerId: 'conv1', c: 0, y: 1, x: 1 }),
  },
  pooling: { right: () => atStep(1), wrong: () => atStep(2) },
  normalization: { right: () => setBatchNormMode('training') },
  parameters: {
    right: () => updateLayer('conv', { kernel: [3, 3] }),
    wrong: () => updateLayer('conv', { outChannels: 5 }),
  },
  architectures: {
    right: () => {
      const add = analyze(state().network).inference.layers.find((l) => l.layer.kind === 'add');
      selectLayer(add!.id);
    },
    wrong: () => selectLayer('conv1'),
  },
  learning: {
    right: () => useStore.setState({ training: { ...state().training, step: 1 } }),
  },
  transfer: {
    right: () =>
      useStore.setState({
        training: {
          ...state().training,
          compare: { status: 'done', tuned: [], scratch: [], message: null },
        },
      }),
  },
};

describe('the lessons', () => {
  it('every step has an action in this test, a question and a link that opens', () => {
    expect(LESSONS.map((l) => l.id).sort()).toEqual(Object.keys(DO).sort());
  });

  it.each(LESSONS.map((l, i) => [l.id, i] as const))(
    '%s: not answered when it opens, nor by the near miss; answered by doing it',
    (id, i) => {
      expect(openLesson(id)).toBeNull();
      expect(state().lessons).toMatchObject({ open: true, index: i });
      expect(state().notices).toEqual([]);
      expect(answeredNow()).toBe(false);
      DO[id].wrong?.();
      expect(answeredNow()).toBe(false);
      if (DO[id].wrong) openLesson(id);
      DO[id].right();
      expect(answeredNow()).toBe(true);
    },
  );

  it('the watch records an answered step once and saves the list; storage merges in', async () => {
    const saved: (readonly string[])[] = [];
    const stop = startLessonWatch(async (done) => void saved.push(done));
    openLesson('filters');
    updateLayer('conv', { outChannels: 16 });
    updateLayer('conv', { outChannels: 17 });
    expect(state().lessons.done).toEqual(['filters']);
    expect(saved).toEqual([['filters']]);
    stop();
    restoreLessons(['slide', 'no-such-step', 'filters']);
    expect([...state().lessons.done].sort()).toEqual(['filters', 'slide']);
    expect(openLesson('nope')).toMatch(/no lesson step 'nope'/);
  });
});
