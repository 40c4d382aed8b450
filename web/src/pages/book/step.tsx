import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

interface Props {
  readonly number: number;
  readonly title: string;
  readonly active: boolean;
  readonly done: boolean;
  /** One line saying what was chosen, shown once the step is done. */
  readonly summary?: ReactNode;
  readonly onChange?: () => void;
  readonly children: ReactNode;
}

/** One step of the flow: open while active, a summary with a "Change" button once done. */
export function Step({ number, title, active, done, summary, onChange, children }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const wasActive = useRef(active);
  useEffect(() => {
    // Move focus to a step when it opens (not on first render), so keyboard and screen-reader users follow along.
    if (active && !wasActive.current) {
      headingRef.current?.focus();
      headingRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
    wasActive.current = active;
  }, [active]);
  const id = `step-${number}`;
  const state = active ? 'active' : done ? 'done' : 'todo';
  return (
    <section className="step" data-state={state} aria-labelledby={id} aria-current={active ? 'step' : undefined}>
      <div className="step__header">
        <h2 className="step__title" id={id} ref={headingRef} tabIndex={-1}>
          <span className="step__number" aria-hidden="true">
            {done && !active ? '✓' : number}
          </span>
          {title}
        </h2>
        {done && !active && onChange && (
          <button type="button" className="button button--ghost button--small" onClick={onChange} aria-label={`Change ${title.toLowerCase()}`}>
            Change
          </button>
        )}
      </div>
      {done && !active && summary && <div className="step__summary">{summary}</div>}
      {active && <div className="step__body">{children}</div>}
    </section>
  );
}
