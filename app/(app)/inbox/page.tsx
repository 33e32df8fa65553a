import { requireUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Inbox' };

export default async function InboxPage() {
  const user = await requireUser();
  return (
    <div className="flex flex-1 flex-col items-center justify-center px-8 text-center">
      <h1 className="text-lg font-semibold">Your conversations</h1>
      <p className="mt-2 max-w-sm text-sm text-muted">
        {user.role === 'brand'
          ? 'Pick a conversation on the left. New ones open when an influencer accepts one of your requests.'
          : 'Pick a conversation on the left. New ones open when you accept a brand’s request.'}
      </p>
    </div>
  );
}
