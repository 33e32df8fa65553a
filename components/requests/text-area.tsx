import type { TextareaHTMLAttributes } from 'react';
import { inputClass, LabelledControl } from '@/components/ui/field';

/** A labelled multi-line textbox with its inline error announced to assistive technology. */
export function TextArea({
  label,
  error,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string | undefined }) {
  return (
    <LabelledControl label={label} error={error}>
      {(control) => <textarea {...control} className={inputClass} {...props} />}
    </LabelledControl>
  );
}
