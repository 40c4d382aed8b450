import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { otherFieldErrors, plainMessage, problemText } from './problem-text.js';

interface Props {
  readonly error: unknown;
  /** Field paths the form already shows next to their fields. */
  readonly shownPaths?: readonly string[];
  readonly title?: string;
  readonly children?: ReactNode;
  /** Move focus here when the problem appears (after a submit). */
  readonly focus?: boolean;
}

/** A problem in plain words, placed next to the action it concerns; announced to screen readers. */
export function ProblemAlert({ error, shownPaths = [], title, children, focus = false }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error && focus) ref.current?.focus();
  }, [error, focus]);
  if (!error) return null;
  const rest = otherFieldErrors(error, shownPaths);
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref}>
      <div>
        {title && <p className="alert__title">{title}</p>}
        <p>{problemText(error)}</p>
        {rest.length > 0 && (
          <ul>
            {rest.map((item) => (
              <li key={item.path}>
                {item.path.replace(/^body\./, '')}: {plainMessage(item.message)}
              </li>
            ))}
          </ul>
        )}
        {children}
      </div>
    </div>
  );
}

export function Notice({ tone = 'info', title, children }: { readonly tone?: 'info' | 'success' | 'warning'; readonly title?: string; readonly children: ReactNode }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'success' ? 'status' : undefined}>
      <div>
        {title && <p className="alert__title">{title}</p>}
        {children}
      </div>
    </div>
  );
}
