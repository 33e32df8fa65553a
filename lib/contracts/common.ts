import { z } from 'zod';

// Lower-cased: the database returns ids in lower case, and code compares ids as strings.
export const ZUuid = z.uuid({ message: 'must be a UUID' }).overwrite((id) => id.toLowerCase());

export const ZRole = z.enum(['brand', 'influencer']);
export type Role = z.infer<typeof ZRole>;

export const ZPresenceStatus = z.enum(['online', 'away', 'busy', 'offline']);
export type PresenceStatus = z.infer<typeof ZPresenceStatus>;

/** The public face of a user: never carries the email. */
export type PublicUser = {
  id: string;
  name: string;
  role: Role;
  handle: string;
  avatarUrl: string | null;
  bio: string | null;
};

/** The signed-in user: adds the email and the chosen presence status (extension). */
export type Me = PublicUser & { email: string; status: PresenceStatus };

/** Turns the first zod issues into the `details` of an invalid_input error. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}
