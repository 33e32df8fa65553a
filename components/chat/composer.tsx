'use client';

import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { MESSAGE_MAX_LENGTH } from '@/lib/contracts/chat';
import type { Upload } from './use-uploads';

export type ComposerProps = {
  onSend: (content: string) => void;
  onTyping: (active: boolean) => void;
  uploads: Upload[];
  onFiles: (files: File[]) => void;
  onDismissUpload: (id: string) => void;
};

/** Enter sends, Shift+Enter breaks the line; files by button, paste or drop, with progress. */
export function Composer({ onSend, onTyping, uploads, onFiles, onDismissUpload }: ComposerProps) {
  const [text, setText] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const trimmed = text.trim();
  const tooLong = trimmed.length > MESSAGE_MAX_LENGTH;

  const submit = () => {
    if (!trimmed || tooLong) return;
    onSend(trimmed);
    setText('');
    onTyping(false);
    area.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...e.clipboardData.files];
    if (files.length > 0) {
      e.preventDefault();
      onFiles(files);
    }
  };

  return (
    <div className="border-t border-border bg-surface p-3">
      {uploads.length > 0 ? (
        <ul className="mb-2 space-y-1" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.id} className="flex items-center gap-3 rounded-lg bg-surface-2 px-3 py-1.5 text-xs">
              <span className="min-w-0 flex-1 truncate">{u.name}</span>
              {u.error ? (
                <>
                  <span className="text-danger">{u.error}</span>
                  <button type="button" className="underline" onClick={() => onDismissUpload(u.id)}>
                    Dismiss
                  </button>
                </>
              ) : (
                <progress max={1} value={u.progress} aria-label={`Uploading ${u.name}`} className="h-1.5 w-32 accent-[var(--accent)]" />
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-end gap-2">
        <button
          type="button"
          onClick={() => fileInput.current?.click()}
          className="rounded-lg p-2 text-muted hover:bg-surface-3 hover:text-text"
          aria-label="Attach file"
          title="Attach file"
        >
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48" />
          </svg>
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.txt,.csv"
          onChange={(e) => {
            onFiles([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <div className="min-w-0 flex-1">
          <textarea
            ref={area}
            aria-label="Message"
            rows={1}
            value={text}
            placeholder="Write a message…"
            onChange={(e) => {
              setText(e.target.value);
              onTyping(e.target.value.trim().length > 0);
            }}
            onBlur={() => onTyping(false)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            className="field-sizing-content max-h-40 min-h-10 w-full resize-none rounded-xl border border-border bg-surface-2 px-3 py-2 text-sm focus:border-accent focus:outline-none"
          />
          {trimmed.length > MESSAGE_MAX_LENGTH - 200 ? (
            <p className={`px-1 text-right text-xs ${tooLong ? 'text-danger' : 'text-muted'}`}>
              {trimmed.length} / {MESSAGE_MAX_LENGTH}
            </p>
          ) : null}
        </div>
        <button
          type="button"
          onClick={submit}
          disabled={!trimmed || tooLong}
          className="rounded-xl bg-accent px-4 py-2 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-50"
        >
          Send
        </button>
      </div>
    </div>
  );
}
