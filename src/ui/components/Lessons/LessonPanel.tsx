import './Lessons.css';
import { useEffect, useState } from 'react';
import { LESSONS } from '../../../core/lessons/lessons';
import { appUrl } from '../../../io/appUrl';
import { copyText } from '../../../io/clipboard';
import { closeLessons, lessonFacts, openLesson } from '../../../state/lessonActions';
import { useStore, type AppState } from '../../../state/store';

const selectLessons = (s: AppState) => s.lessons;
const selectAnswered = (s: AppState) => {
  const step = LESSONS[s.lessons.index];
  return !!step && (s.lessons.done.includes(step.id) || step.check(lessonFacts(s)));
};

/** Outlines the control a step points at while the step is open (a pulse, once a second). */
function usePointAt(testId: string) {
  useEffect(() => {
    const mark = () => {
      document
        .querySelectorAll('.lesson-point')
        .forEach((el) => el.classList.remove('lesson-point'));
      document.querySelector(`[data-testid="${testId}"]`)?.classList.add('lesson-point');
    };
    mark();
    // The control may appear later (a lazy view, a recomputed panel).
    const again = setInterval(mark, 1000);
    return () => {
      clearInterval(again);
      document
        .querySelectorAll('.lesson-point')
        .forEach((el) => el.classList.remove('lesson-point'));
    };
  }, [testId]);
}

/** "Start here": one guided step at a time, with a question answered by doing it. */
export function LessonPanel() {
  const { index, done } = useStore(selectLessons);
  const answered = useStore(selectAnswered);
  const [copied, setCopied] = useState('');
  const step = LESSONS[index];
  usePointAt(step.point);
  const show = () => {
    const el = document.querySelector<HTMLElement>(`[data-testid="${step.point}"]`);
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el?.focus({ preventScroll: true });
  };
  return (
    <aside
      className="lesson-panel"
      aria-labelledby="lesson-title"
      data-testid="lesson-panel"
      data-lesson={step.id}
      data-answered={answered}
    >
      <div className="lesson-head">
        <span className="muted small">
          Start here · step {index + 1} of {LESSONS.length}
        </span>
        <button type="button" aria-label="Close the lessons" onClick={closeLessons}>
          ✕
        </button>
      </div>
      <h2 id="lesson-title">{step.title}</h2>
      <p className="small">{step.text}</p>
      <p className="lesson-question" data-testid="lesson-question">
        <strong>Try it:</strong> {step.question}
      </p>
      <p
        className={answered ? 'lesson-status right' : 'lesson-status'}
        data-testid="lesson-status"
        aria-live="polite"
      >
        {answered ? `✓ ${step.answer}` : 'Waiting for you to try it on the page.'}
      </p>
      <div className="lesson-actions">
        <button type="button" disabled={index === 0} onClick={() => openLesson(index - 1)}>
          ‹ Back
        </button>
        <button type="button" onClick={show} data-testid="lesson-show">
          Show me where
        </button>
        <button
          type="button"
          className={answered ? 'primary' : undefined}
          disabled={index === LESSONS.length - 1}
          onClick={() => openLesson(index + 1)}
          data-testid="lesson-next"
        >
          Next ›
        </button>
        <button
          type="button"
          data-testid="lesson-link"
          onClick={async () => {
            const ok = await copyText(appUrl(`lesson=${step.id}`));
            setCopied(ok ? 'Link copied: put it on a slide.' : appUrl(`lesson=${step.id}`));
          }}
        >
          Copy link to this step
        </button>
      </div>
      {copied && <p className="muted small">{copied}</p>}
      <ol className="lesson-steps" aria-label="All steps">
        {LESSONS.map((l, i) => (
          <li key={l.id}>
            <button
              type="button"
              aria-current={i === index ? 'step' : undefined}
              data-testid="lesson-step"
              data-done={done.includes(l.id)}
              title={l.title}
              onClick={() => openLesson(i)}
            >
              {done.includes(l.id) ? '✓' : i + 1}
              <span className="sr-only"> {l.title}</span>
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}
