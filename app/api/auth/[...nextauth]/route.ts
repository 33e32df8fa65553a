import NextAuth from 'next-auth';
import { createAuthOptions } from '@/lib/auth/auth-options';
import { getServices } from '@/lib/services';

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: Ctx) {
  return NextAuth(req as never, ctx as never, createAuthOptions(getServices())) as Promise<Response>;
}

export { handler as GET, handler as POST };
