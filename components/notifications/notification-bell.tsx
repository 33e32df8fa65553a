'use client';

/** The notification center's entry point in the navigation. */
export function NotificationBell() {
  return null;
}
