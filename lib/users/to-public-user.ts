import type { Me, PublicUser } from '../contracts/common';
import type { UserRow } from '../../db/schema';

export function toPublicUser(row: Pick<UserRow, 'id' | 'name' | 'role' | 'handle' | 'avatarUrl' | 'bio'>): PublicUser {
  return { id: row.id, name: row.name, role: row.role, handle: row.handle, avatarUrl: row.avatarUrl, bio: row.bio };
}

export function toMe(row: UserRow): Me {
  return { ...toPublicUser(row), email: row.email, status: row.statusPreference };
}
