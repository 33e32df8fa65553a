'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ZRegister } from '@/lib/contracts/users';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { FormAlert } from '@/components/ui/form-alert';

type Errors = Partial<Record<'name' | 'email' | 'password' | 'role' | 'handle' | 'form', string>>;

export function SignUpForm({ initialRole }: { initialRole: 'brand' | 'influencer' | undefined }) {
  const router = useRouter();
  const [role, setRole] = useState<'brand' | 'influencer' | undefined>(initialRole);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = {
      name: data.get('name'),
      email: data.get('email'),
      password: data.get('password'),
      role: data.get('role') ?? undefined,
    };
    const parsed = ZRegister.safeParse(input);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as keyof Errors;
        next[key] ??= key === 'role' ? 'Choose whether you are a brand or an influencer' : issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const res = await fetch('/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(parsed.data),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: { field?: string } } } | null;
        const field = body?.error?.details && 'field' in body.error.details ? body.error.details.field : undefined;
        if (body?.error?.code === 'conflict' && field === 'email') setErrors({ email: 'An account with this email already exists. Sign in instead?' });
        else if (body?.error?.code === 'rate_limited') setErrors({ form: tooManySignUps(res.headers.get('retry-after')) });
        else setErrors({ form: body?.error?.message ?? 'Could not create the account. Try again.' });
        setPending(false);
        return;
      }
      const result = await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false });
      if (!result || result.error) {
        router.replace('/sign-in');
        return;
      }
      router.replace(parsed.data.role === 'brand' ? '/influencers' : '/inbox');
      router.refresh();
    } catch {
      setErrors({ form: 'Network error. Check your connection and try again.' });
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormAlert>{errors.form}</FormAlert>
      <fieldset className="space-y-2" aria-describedby={errors.role ? 'role-error' : undefined}>
        <legend className="text-sm font-medium">I am a…</legend>
        <div className="grid grid-cols-2 gap-2">
          {(['brand', 'influencer'] as const).map((value) => (
            <label
              key={value}
              className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent ${
                role === value ? 'border-accent bg-accent/10' : 'border-border'
              }`}
            >
              <input
                type="radio"
                name="role"
                value={value}
                checked={role === value}
                onChange={() => setRole(value)}
                className="accent-[var(--accent)]"
              />
              {value === 'brand' ? 'Brand' : 'Influencer'}
            </label>
          ))}
        </div>
        {errors.role ? (
          <p id="role-error" className="text-sm text-danger">
            {errors.role}
          </p>
        ) : null}
      </fieldset>
      <Field label="Name" name="name" autoComplete="name" required error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        error={errors.password}
        hint="At least 8 characters."
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating account…' : 'Create account'}
      </Button>
    </form>
  );
}

/** Sign-ups are limited per network address; people behind one shared address meet it first. */
function tooManySignUps(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  const wait = Number.isFinite(seconds) && seconds > 60 ? `about ${Math.ceil(seconds / 60)} minutes` : 'a minute';
  return `Too many accounts were created from your network just now. Try again in ${wait}.`;
}
