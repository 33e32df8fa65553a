import type { ReactNode } from 'react';

/** One section of the settings page: its heading (which names it) and a line on what it does. */
export function SettingsSection({
  id,
  title,
  intro,
  spacing = 'space-y-4',
  children,
}: {
  /** The heading's id, for aria-labelledby here and inside. */
  id: string;
  title: string;
  intro: ReactNode;
  spacing?: 'space-y-4' | 'space-y-6';
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={spacing}>
      <div>
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="mt-1 text-sm text-muted">{intro}</p>
      </div>
      {children}
    </section>
  );
}
