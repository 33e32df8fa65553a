import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Logo } from '@/components/ui/logo';
import { getCurrentUser } from '@/lib/auth/current-user';

export default async function LandingPage() {
  if (await getCurrentUser()) redirect('/inbox');
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto flex w-full max-w-5xl items-center justify-between px-6 py-5">
        <Logo />
        <Link href="/sign-in" className="rounded-lg px-3 py-2 text-sm font-medium hover:bg-surface-3">
          Sign in
        </Link>
      </header>
      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col justify-center px-6 pb-24">
        <h1 className="max-w-2xl text-4xl font-semibold tracking-tight sm:text-5xl">
          Brand deals, answered in real time.
        </h1>
        <p className="mt-5 max-w-xl text-lg text-muted">
          Collabwire is the inbox where brands send collaboration requests and influencers accept, counter or decline
          them — then both sides chat live, with read receipts, presence and attachments, and nothing ever lost.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link
            href="/sign-up?role=brand"
            className="rounded-lg bg-accent px-5 py-3 text-sm font-medium text-on-accent hover:bg-accent-strong"
          >
            Sign up as a brand
          </Link>
          <Link
            href="/sign-up?role=influencer"
            className="rounded-lg border border-border bg-surface px-5 py-3 text-sm font-medium hover:bg-surface-3"
          >
            Sign up as an influencer
          </Link>
        </div>
        <ul className="mt-16 grid gap-4 sm:grid-cols-3">
          {[
            ['Requests with terms', 'Title, brief, deliverables, budget and deadline in one place. Accept, reject or counter.'],
            ['Live chat', 'Typing indicators, presence, read receipts and unread counts, like the tools you already use.'],
            ['Instagram, live', 'Link your account and watch comments, DMs and mentions arrive as they happen.'],
          ].map(([title, text]) => (
            <li key={title} className="rounded-2xl border border-border bg-surface p-5">
              <h2 className="font-medium">{title}</h2>
              <p className="mt-1.5 text-sm text-muted">{text}</p>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
