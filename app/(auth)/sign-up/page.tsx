import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { getCurrentUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ role?: string }> }) {
  if (await getCurrentUser()) redirect('/inbox');
  const { role } = await searchParams;
  return (
    <AuthCard
      title="Create your account"
      subtitle="Brands send collaboration requests; influencers answer them. Both chat live."
      footer={
        <>
          Already have an account?{' '}
          <Link href="/sign-in" className="font-medium text-accent hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm initialRole={role === 'brand' || role === 'influencer' ? role : undefined} />
    </AuthCard>
  );
}
