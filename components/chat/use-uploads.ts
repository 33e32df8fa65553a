'use client';

import { useCallback, useState } from 'react';
import { uploadFile } from '@/lib/client/chat-api';
import { fileSize } from './format-time';

export type Upload = { id: string; name: string; progress: number; error?: string };
export type UploadedFile = { id: string; name: string; mime: string; size: number; url: string | null };

const MAX_BYTES = 10 * 1024 * 1024;

/** Uploads files with progress and hands each finished one to `onUploaded`. */
export function useUploads(onUploaded: (file: UploadedFile) => void) {
  const [uploads, setUploads] = useState<Upload[]>([]);

  const start = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const id = crypto.randomUUID();
        if (file.size > MAX_BYTES) {
          setUploads((u) => [...u, { id, name: file.name, progress: 0, error: `${fileSize(file.size)} is over the 10 MB limit` }]);
          continue;
        }
        setUploads((u) => [...u, { id, name: file.name, progress: 0 }]);
        uploadFile(file, (progress) => setUploads((u) => u.map((x) => (x.id === id ? { ...x, progress } : x))))
          .then((result) => {
            setUploads((u) => u.filter((x) => x.id !== id));
            const preview = result.mime.startsWith('image/') ? URL.createObjectURL(file) : null;
            onUploaded({ id: result.attachmentId, name: result.name, mime: result.mime, size: result.size, url: preview });
          })
          .catch((err: Error) => setUploads((u) => u.map((x) => (x.id === id ? { ...x, error: err.message } : x))));
      }
    },
    [onUploaded],
  );

  const dismiss = useCallback((id: string) => setUploads((u) => u.filter((x) => x.id !== id)), []);
  return { uploads, start, dismiss };
}
