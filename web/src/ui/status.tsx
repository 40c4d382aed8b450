import type { CSSProperties, ReactNode } from 'react';
import type { ButtonHTMLAttributes } from 'react';

export function Spinner({ label }: { readonly label?: string }) {
  return <span className="spinner" role={label ? 'status' : undefined} aria-label={label} />;
}

/** A grey block of the size the content will have, so nothing jumps when it arrives. */
export function Skeleton({ width = '100%', height = '1rem', style }: { readonly width?: string; readonly height?: string; readonly style?: CSSProperties }) {
  return <span className="skeleton" aria-hidden="true" style={{ width, height, ...style }} />;
}

export function SkeletonLines({ lines = 3, height = '1.25rem' }: { readonly lines?: number; readonly height?: string }) {
  return (
    <div className="stack" role="status" aria-label="Loading">
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} height={height} width={index === lines - 1 ? '60%' : '100%'} />
      ))}
    </div>
  );
}

export function EmptyState({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children}
    </div>
  );
}

type BusyButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { readonly busy?: boolean; readonly variant?: 'primary' | 'secondary' | 'danger' | 'ghost'; readonly small?: boolean; readonly block?: boolean };

/** A button that shows a spinner while its action runs, without changing its size. */
export function Button({ busy = false, variant = 'primary', small = false, block = false, className, children, disabled, type = 'button', ...rest }: BusyButtonProps) {
  const classes = ['button', variant !== 'primary' && `button--${variant}`, small && 'button--small', block && 'button--block', className].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && <Spinner />}
      {children}
    </button>
  );
}
