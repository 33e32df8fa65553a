import type { RequestStatus } from '@/lib/contracts/requests';

const tone: Record<RequestStatus, string> = {
  pending: 'text-status-pending bg-status-pending/10 ring-status-pending/30',
  countered: 'text-status-countered bg-status-countered/10 ring-status-countered/30',
  accepted: 'text-status-accepted bg-status-accepted/10 ring-status-accepted/30',
  rejected: 'text-status-rejected bg-status-rejected/10 ring-status-rejected/30',
  withdrawn: 'text-status-closed bg-status-closed/10 ring-status-closed/30',
  expired: 'text-status-closed bg-status-closed/10 ring-status-closed/30',
};

/** The status as text (the contract's word, shown capitalised) on its colour. */
export function StatusBadge({ status }: { status: RequestStatus }) {
  return (
    <span className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold capitalize ring-1 ring-inset ${tone[status]}`}>
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-current" />
      {status}
    </span>
  );
}
