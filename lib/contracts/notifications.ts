/** A persisted notification: what a user missed while away (extension of the contract). */
export type AppNotification = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
};
