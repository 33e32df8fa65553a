import { INBOX_PAGE_SIZE, type Conversation, type InboxPage, type Message, type UnreadCounts } from '../contracts/chat';
import { apiCall } from './api-client';

const getJson = <T>(url: string) => apiCall<T>('GET', url);

export const chatApi = {
  /** A page of the inbox, most recent activity first; `cursor` is the previous page's nextCursor. */
  inbox: (cursor?: string | null) =>
    getJson<InboxPage>(`/api/chat/conversations?limit=${INBOX_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  conversation: (conversationId: string) => getJson<{ conversation: Conversation }>(`/api/chat/conversations/${conversationId}`).then((r) => r.conversation),
  unreadCount: () => getJson<UnreadCounts>('/api/chat/unread-count'),
  history: (conversationId: string, query: { beforeSeq?: number; afterSeq?: number; limit?: number }) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    return getJson<{ messages: Message[]; hasMore: boolean }>(`/api/chat/conversations/${conversationId}/messages?${params}`);
  },
  search: (q: string) => getJson<{ messages: (Message & { highlight: string })[] }>(`/api/chat/search?q=${encodeURIComponent(q)}`),
  hide: (conversationId: string) => apiCall<void>('DELETE', `/api/chat/conversations/${conversationId}`),
};

export type UploadResult = { attachmentId: string; url: string; name: string; size: number; mime: string };

/** Uploads a file with progress (fetch cannot report upload progress; XHR can). */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) resolve(xhr.response as UploadResult);
      else reject(new Error((xhr.response as { error?: { message?: string } } | null)?.error?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error('Upload failed: network error'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
