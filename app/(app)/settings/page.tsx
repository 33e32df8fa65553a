import { ChangePassword } from '@/components/settings/change-password';
import { InstagramAccounts } from '@/components/settings/instagram-accounts';
import { SignOutEverywhere } from '@/components/settings/sign-out-everywhere';
import { requireUser } from '@/lib/auth/current-user';
import { getServices } from '@/lib/services';
import { listInstagramAccounts } from '@/lib/webhooks/list-instagram-accounts';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const user = await requireUser();
  const accounts = await listInstagramAccounts(getServices().db, user.id);
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-8 px-4 py-8">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
          <p className="mt-1 text-sm text-muted">Signed in as {user.email}</p>
        </header>
        <InstagramAccounts initialAccounts={accounts} />
        <ChangePassword email={user.email} />
        <SignOutEverywhere />
      </div>
    </div>
  );
}
