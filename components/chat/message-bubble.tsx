'use client';

import type { Message } from '@/lib/contracts/chat';
import type { PendingMessage } from '@/lib/client/chat-reducers';
import { clockTime, fileSize } from './format-time';

export type LogItem =
  | { kind: 'stored'; message: Message; mine: boolean; groupStart: boolean; showStatus: boolean }
  | { kind: 'pending'; pending: PendingMessage; groupStart: boolean };

function Attachment({ url, name, mime, size, mine }: { url: string | null; name: string | null; mime: string | null; size: number | null; mine: boolean }) {
  if (mime?.startsWith('image/') && url) {
    return (
      <a href={url} target="_blank" rel="noreferrer" className="block">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={url} alt={name ?? 'Image'} className="max-h-64 max-w-full rounded-lg object-contain" loading="lazy" />
      </a>
    );
  }
  return (
    <a
      href={url ?? undefined}
      className={`flex items-center gap-2 rounded-lg px-3 py-2 text-sm ${mine ? 'bg-white/15' : 'bg-surface'} ${url ? 'hover:underline' : ''}`}
      download={name ?? undefined}
    >
      <span aria-hidden="true">📄</span>
      <span className="min-w-0">
        <span className="block truncate font-medium">{name ?? 'File'}</span>
        {size !== null ? <span className="block text-xs opacity-75">{fileSize(size)}</span> : null}
      </span>
    </a>
  );
}

/** One message: own on the right in the accent colour, the other's on the left, system centred. */
export function MessageBubble({ item, onRetry, onDiscard }: { item: LogItem; onRetry: (tempId: string) => void; onDiscard: (tempId: string) => void }) {
  if (item.kind === 'stored' && item.message.messageType === 'system') {
    return (
      <li className="my-3 flex justify-center px-4">
        <p className="max-w-md rounded-lg bg-surface-3 px-3 py-2 text-center text-xs text-muted">{item.message.content}</p>
      </li>
    );
  }
  const mine = item.kind === 'pending' || item.mine;
  const content = item.kind === 'stored' ? item.message.content : item.pending.content;
  const time = item.kind === 'stored' ? item.message.createdAt : item.pending.createdAt;
  const attachment =
    item.kind === 'stored'
      ? item.message.attachmentUrl
        ? { url: item.message.attachmentUrl, name: item.message.attachmentName, mime: item.message.attachmentMime, size: item.message.attachmentSize }
        : null
      : item.pending.attachment
        ? { ...item.pending.attachment }
        : null;
  const failed = item.kind === 'pending' && item.pending.status === 'failed';
  return (
    <li className={`group flex px-4 ${mine ? 'justify-end' : 'justify-start'} ${item.groupStart ? 'mt-3' : 'mt-0.5'}`}>
      <div className={`flex max-w-[78%] flex-col ${mine ? 'items-end' : 'items-start'}`}>
        {item.kind === 'stored' && !mine && item.groupStart ? <span className="mb-0.5 px-1 text-xs text-muted">{item.message.sender.name}</span> : null}
        <div
          tabIndex={0}
          title={new Date(time).toLocaleString()}
          className={`rounded-2xl px-3.5 py-2 text-sm leading-relaxed whitespace-pre-wrap break-words focus:outline-none focus-visible:ring-2 focus-visible:ring-accent ${
            mine ? 'bg-accent text-on-accent' : 'bg-surface-3 text-text'
          } ${item.kind === 'pending' && !failed ? 'opacity-75' : ''} ${failed ? 'ring-1 ring-danger' : ''}`}
        >
          {attachment ? <div className={content ? 'mb-1.5' : ''}><Attachment {...attachment} mine={mine} /></div> : null}
          {content}
        </div>
        <div className="mt-0.5 flex items-center gap-2 px-1 text-[11px] text-muted">
          <span className="hidden group-hover:inline group-focus-within:inline">{clockTime(time)}</span>
          {item.kind === 'pending' ? (
            failed ? (
              <span className="flex items-center gap-2 text-danger">
                <span>Not sent{item.pending.error ? `: ${item.pending.error}` : ''}</span>
                <button type="button" className="font-medium underline" onClick={() => onRetry(item.pending.tempId)}>
                  Retry
                </button>
                <button type="button" className="underline" onClick={() => onDiscard(item.pending.tempId)}>
                  Discard
                </button>
              </span>
            ) : (
              <span>Sending…</span>
            )
          ) : mine && item.showStatus ? (
            <span>{item.message.isRead ? 'Read' : 'Sent'}</span>
          ) : null}
        </div>
      </div>
    </li>
  );
}
