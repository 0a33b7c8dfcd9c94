// The panels that are not on the first screen, loaded when first shown so the first screen's
// JavaScript stays small: the step-by-step view (a tab), the training studio (a header button)
// and the Why panel (a button in the prediction panel). Each shows a one-line placeholder for the
// moment it takes to arrive.
import { lazy, Suspense, type ComponentType } from 'react';

function later<P extends object>(load: () => Promise<ComponentType<P>>, what: string) {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function Later(props: P) {
    return (
      <Suspense fallback={<p className="muted small lazy-loading">Loading {what}…</p>}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const SlideView = later(
  () => import('./components/SlideView/SlideView').then((m) => m.SlideView),
  'the step-by-step view',
);
export const TrainPanel = later(
  () => import('./components/Training/TrainPanel').then((m) => m.TrainPanel),
  'the training studio',
);
export const WhyPanel = later(
  () => import('./components/Why/WhyPanel').then((m) => m.WhyPanel),
  'the explanations',
);
export const LessonPanel = later(
  () => import('./components/Lessons/LessonPanel').then((m) => m.LessonPanel),
  'the lessons',
);
