import type { ReactNode } from 'react';

/** A form-level error, announced as it appears; renders nothing without a message. */
export function FormAlert({ children, className = '' }: { children: ReactNode; className?: string }) {
  if (!children) return null;
  return (
    <p role="alert" className={`rounded-lg border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger ${className}`}>
      {children}
    </p>
  );
}
