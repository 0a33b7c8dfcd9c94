// "Start here": opening a lesson step loads its state (a link), and a watch on the store marks
// the step answered the moment the student's interaction makes its check true; answered steps
// are kept on this device (the page gives a save function: IndexedDB).

import type { LessonFacts } from '../core/lessons/facts';
import { LESSONS, lessonIndex } from '../core/lessons/lessons';
import { analyze } from './derived';
import { useStore, type AppState } from './store';
import { openLink } from './urlState';

type Lessons = AppState['lessons'];
const setLessons = (patch: Partial<Lessons>) =>
  useStore.setState({ lessons: { ...useStore.getState().lessons, ...patch } });

export function lessonFacts(s: AppState): LessonFacts {
  const { inference, cost } = analyze(s.network);
  return {
    inference,
    cost,
    selected: s.selectedLayerId,
    inspector: s.view.inspector,
    step: s.view.anim.step,
    unit: s.view.unit,
    batchNorm: s.view.batchNorm,
    trainedSteps: s.training.step,
    compared: s.training.compare !== null,
  };
}

/** Opens step `index` (or the step named `id`): its state replaces what is on screen. */
export function openLesson(which: number | string): string | null {
  const index = typeof which === 'number' ? which : lessonIndex(which);
  const step = LESSONS[index];
  if (!step)
    return `there is no lesson step '${which}' (steps: ${LESSONS.map((l) => l.id).join(', ')})`;
  openLink(`?${step.link}`);
  setLessons({ open: true, index });
  return null;
}

export const closeLessons = () => setLessons({ open: false });
export const showLessons = () => setLessons({ open: true });

/** Whether the open step's question is answered now. */
export function answeredNow(s: AppState = useStore.getState()): boolean {
  const step = LESSONS[s.lessons.index];
  return !!step && s.lessons.open && step.check(lessonFacts(s));
}

/** Steps answered before (from storage), merged in. */
export function restoreLessons(done: readonly string[] | undefined): void {
  if (!done?.length) return;
  const known = done.filter((id) => lessonIndex(id) >= 0);
  setLessons({ done: [...new Set([...useStore.getState().lessons.done, ...known])] });
}

/** Marks the open step answered when its check becomes true; `save` keeps the list. */
export function startLessonWatch(save?: (done: readonly string[]) => Promise<void>): () => void {
  return useStore.subscribe((s) => {
    if (!s.lessons.open) return;
    const step = LESSONS[s.lessons.index];
    if (!step || s.lessons.done.includes(step.id) || !step.check(lessonFacts(s))) return;
    const done = [...s.lessons.done, step.id];
    setLessons({ done });
    void save?.(done).catch(() => {
      // Not kept for the next visit (private mode): the page still shows it answered.
    });
  });
}
