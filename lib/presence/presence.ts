import { eq } from 'drizzle-orm';
import type { Database } from '../../db';
import { users } from '../../db/schema';
import type { PresenceStatus, Role } from '../contracts/common';
import type { OnlineStatus } from '../contracts/events';
import { AppError } from '../errors';
import type { Publisher } from '../realtime/publisher';
import { areContacts, readPresence, recordLastSeen } from './contacts';

/** Where the sockets of each user are counted: this process's memory, or Redis across processes. */
export interface SocketCounter {
  /** Adds a socket; true when it is the user's first. */
  add(userId: string, socketId: string): Promise<boolean>;
  /** Removes a socket; true when it was the user's last. */
  remove(userId: string, socketId: string): Promise<boolean>;
  isConnected(userId: string): Promise<boolean>;
}

export class MemorySocketCounter implements SocketCounter {
  readonly #sockets = new Map<string, Set<string>>();

  async add(userId: string, socketId: string) {
    const set = this.#sockets.get(userId) ?? new Set();
    const first = set.size === 0;
    set.add(socketId);
    this.#sockets.set(userId, set);
    return first;
  }

  async remove(userId: string, socketId: string) {
    const set = this.#sockets.get(userId);
    if (!set || !set.delete(socketId)) return false;
    if (set.size > 0) return false;
    this.#sockets.delete(userId);
    return true;
  }

  async isConnected(userId: string) {
    return (this.#sockets.get(userId)?.size ?? 0) > 0;
  }
}

type PresenceUser = { id: string; role: Role };

/**
 * Online, away, busy or appear-offline, per user across all its sockets. A user goes
 * offline when its last socket goes (last_seen_at is written then); contacts hear of it.
 */
export class Presence {
  constructor(
    private readonly database: Pick<Database, 'db' | 'query'>,
    private readonly publisher: Publisher,
    private readonly counter: SocketCounter = new MemorySocketCounter(),
  ) {}

  async connected(user: PresenceUser, socketId: string): Promise<void> {
    if (await this.counter.add(user.id, socketId)) await this.#cameOnline(user);
  }

  async disconnected(user: PresenceUser, socketId: string): Promise<void> {
    if (!(await this.counter.remove(user.id, socketId))) return;
    await this.#wentOffline(user);
  }

  /** A user whose every socket lapsed without a goodbye (its process died). */
  async expired(userId: string): Promise<void> {
    const user = await this.#user(userId);
    if (user) await this.#wentOffline(user);
  }

  /** A user taken offline while their sockets lapsed, whose process runs again: online again. */
  async revived(userId: string): Promise<void> {
    const user = await this.#user(userId);
    if (user) await this.#cameOnline(user);
  }

  async #user(userId: string): Promise<PresenceUser | null> {
    const [row] = await this.database.db.select({ role: users.role }).from(users).where(eq(users.id, userId));
    return row ? { id: userId, role: row.role } : null;
  }

  async #cameOnline(user: PresenceUser): Promise<void> {
    const row = await readPresence(this.database.query, user.id);
    if (row && row.status !== 'offline') this.#announce(user, row.status, null, true, row.contacts);
  }

  async #wentOffline(user: PresenceUser): Promise<void> {
    const lastSeenAt = new Date();
    const row = await recordLastSeen(this.database.query, user.id, lastSeenAt);
    if (row && row.status !== 'offline') this.#announce(user, 'offline', lastSeenAt, false, row.contacts);
  }

  /** Sets the chosen status; `offline` makes the user appear offline while connected. */
  async setStatus(user: PresenceUser, status: PresenceStatus): Promise<void> {
    const before = await readPresence(this.database.query, user.id);
    const previous = before?.status ?? 'online';
    await this.database.db.update(users).set({ statusPreference: status }).where(eq(users.id, user.id));
    if (!before || previous === status || !(await this.counter.isConnected(user.id))) return;
    const [row] = await this.database.db.select({ lastSeenAt: users.lastSeenAt }).from(users).where(eq(users.id, user.id));
    const lastSeenAt = status === 'offline' ? new Date() : (row?.lastSeenAt ?? null);
    const onlineChanged = previous === 'offline' || status === 'offline';
    this.#announce(user, status, lastSeenAt, onlineChanged ? status !== 'offline' : null, before.contacts);
  }

  /** Whether the user has any socket open, even when appearing offline. */
  isConnected(userId: string): Promise<boolean> {
    return this.counter.isConnected(userId);
  }

  /** The presence of `targetId` as `callerId` may see it: contacts only. */
  async check(callerId: string, targetId: string): Promise<OnlineStatus> {
    if (callerId !== targetId && !(await areContacts(this.database.db, callerId, targetId))) {
      throw new AppError('forbidden', 'You can only see the presence of your contacts');
    }
    const [row] = await this.database.db
      .select({ role: users.role, status: users.statusPreference, lastSeenAt: users.lastSeenAt })
      .from(users)
      .where(eq(users.id, targetId));
    if (!row) throw new AppError('not_found', 'No such user');
    const connected = await this.counter.isConnected(targetId);
    const isOnline = connected && row.status !== 'offline';
    return {
      userId: targetId,
      userType: row.role,
      isOnline,
      status: isOnline ? row.status : 'offline',
      lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    };
  }

  /** online: true → user:online, false → user:offline, null → neither; user:status always. */
  #announce(user: PresenceUser, status: PresenceStatus, lastSeenAt: Date | null, online: boolean | null, audience: string[]) {
    if (audience.length === 0) return;
    const seen = lastSeenAt?.toISOString() ?? null;
    if (online === true) this.publisher.toUsers(audience, 'user:online', { userId: user.id, userType: user.role });
    if (online === false) this.publisher.toUsers(audience, 'user:offline', { userId: user.id, userType: user.role, lastSeenAt: seen });
    this.publisher.toUsers(audience, 'user:status', { userId: user.id, status, lastSeenAt: seen });
  }
}
