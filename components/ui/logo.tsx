import Link from 'next/link';

export function Logo({ href = '/' }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 text-lg font-semibold tracking-tight">
      <span aria-hidden="true" className="inline-flex h-7 w-7 items-center justify-center rounded-lg bg-accent text-on-accent">
        C
      </span>
      Collabwire
    </Link>
  );
}
