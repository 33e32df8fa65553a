import { Button } from './button';

/** A form's submit button, busy while `pending`, and beside it the status line that announces the outcome. */
export function SubmitRow({ pending, label, pendingLabel, status }: { pending: boolean; label: string; pendingLabel: string; status: string }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      <p role="status" className="text-sm text-muted">
        {status}
      </p>
    </div>
  );
}
