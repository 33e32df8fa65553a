import { z } from 'zod';
import { ZRole } from './common';

export const ZEmail = z
  .string()
  .trim()
  .max(254, 'Email is too long')
  .pipe(z.email({ message: 'Enter a valid email address' }));

export const ZPassword = z
  .string()
  .min(8, 'Password must be at least 8 characters')
  .max(200, 'Password must be at most 200 characters');

export const ZHandle = z
  .string()
  .trim()
  .regex(/^@?[a-zA-Z0-9_.]{2,30}$/, 'Handle may use 2–30 letters, digits, dots and underscores')
  .transform((h) => h.replace(/^@/, '').toLowerCase());

export const ZRegister = z.object({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().min(1, 'Enter your name').max(100, 'Name must be at most 100 characters'),
  role: ZRole,
  handle: ZHandle.optional(),
  bio: z.string().trim().max(500, 'Bio must be at most 500 characters').optional(),
});
export type RegisterInput = z.infer<typeof ZRegister>;

export const ZCredentials = z.object({
  email: ZEmail,
  password: z.string().min(1, 'Enter your password').max(200),
});
export type Credentials = z.infer<typeof ZCredentials>;

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(200, 'Password must be at most 200 characters'),
    newPassword: ZPassword,
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'Choose a password other than your current one' });
export type ChangePasswordInput = z.infer<typeof ZChangePassword>;

export const ZInfluencerQuery = z.object({
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
