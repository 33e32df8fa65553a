import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getCurrentUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Sign in' };

/** Why a signed-in visitor was sent here, when the app knows (`?session=`). */
const SESSION_NOTICES: Record<string, string> = {
  ended: 'Your session has ended. Sign in again to continue.',
  everywhere: 'You are signed out on every browser and app.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  if (await getCurrentUser()) redirect('/inbox');
  const { session } = await searchParams;
  const notice = typeof session === 'string' && Object.hasOwn(SESSION_NOTICES, session) ? SESSION_NOTICES[session] : undefined;
  return (
    <AuthCard
      title="Welcome back"
      subtitle="Sign in to your Collabwire inbox."
      footer={
        <>
          New here?{' '}
          <Link href="/sign-up" className="font-medium text-accent hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {notice ? (
        <p role="status" className="mb-4 rounded-lg border border-border bg-surface-3 px-3 py-2 text-sm text-text">
          {notice}
        </p>
      ) : null}
      <Suspense>
        <SignInForm />
      </Suspense>
    </AuthCard>
  );
}
