import { RequestsBoard } from '@/components/requests/requests-board';
import { requireUser } from '@/lib/auth/current-user';
import { REQUEST_STATUSES, type RequestStatus } from '@/lib/contracts/requests';
import { listRequests } from '@/lib/requests/list-requests';
import { getServices } from '@/lib/services';
import { toPublicUser } from '@/lib/users/to-public-user';

export const metadata = { title: 'Requests' };

export default async function RequestsPage({ searchParams }: { searchParams: Promise<{ status?: string | string[] }> }) {
  const user = await requireUser();
  const services = getServices();
  const requests = await listRequests(
    services.db,
    services.publisher,
    { userId: user.id, role: user.role, name: user.name },
    { box: user.role === 'brand' ? 'outgoing' : 'incoming', limit: 200 },
    { ttlDays: services.config.requestTtlDays },
  );
  const { status } = await searchParams;
  const filter = typeof status === 'string' && (REQUEST_STATUSES as readonly string[]).includes(status) ? (status as RequestStatus) : 'all';
  return <RequestsBoard viewer={toPublicUser(user)} initialRequests={requests} initialFilter={filter} />;
}
