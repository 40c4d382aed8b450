import type { ReactNode } from 'react';
import { Brand } from '../../../layout/public-layout.js';
import './auth.css';

export function AuthLayout({ title, children, footer }: { readonly title: string; readonly children: ReactNode; readonly footer: ReactNode }) {
  return (
    <div className="auth">
      <div className="auth__brand">
        <Brand />
      </div>
      <main id="main" className="auth__card card" tabIndex={-1}>
        <h1 className="auth__title">{title}</h1>
        {children}
      </main>
      <p className="auth__footer">{footer}</p>
    </div>
  );
}
