'use client';

import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ZCredentials } from '@/lib/contracts/users';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { FormAlert } from '@/components/ui/form-alert';

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = ZCredentials.safeParse({ email: data.get('email'), password: data.get('password') });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as 'email' | 'password';
        next[key] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setPending(true);
    const result = await signIn('credentials', { ...parsed.data, redirect: false });
    if (!result || result.error) {
      setPending(false);
      setErrors({ form: 'Email or password is incorrect.' });
      return;
    }
    const target = params.get('next');
    router.replace(target && target.startsWith('/') && !target.startsWith('//') ? target : '/inbox');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormAlert>{errors.form}</FormAlert>
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
