import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import { attachments } from '../../db/schema';
import { attachmentUrl } from '../chat/to-message';
import { AppError } from '../errors';
import { cleanFileName, MAX_UPLOAD_BYTES, sniffType } from './sniff-type';
import type { UploadStorage } from './storage';

export type UploadResult = { attachmentId: string; url: string; name: string; size: number; mime: string };

/** Stores an upload after checking its size and its real type; the row is written only once the bytes are safe on disk. */
export async function saveUpload(db: Db, storage: UploadStorage, ownerId: string, file: { name: string; bytes: Uint8Array }): Promise<UploadResult> {
  if (file.bytes.byteLength > MAX_UPLOAD_BYTES) throw new AppError('payload_too_large', 'Files can be at most 10 MB');
  if (file.bytes.byteLength === 0) throw new AppError('invalid_input', 'The file is empty');
  const name = cleanFileName(file.name);
  const mime = await sniffType(file.bytes, name);
  if (!mime) {
    throw new AppError('invalid_input', 'This file type is not allowed: send images, PDFs, Office documents, text or CSV');
  }
  const id = randomUUID();
  const now = new Date();
  const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
  await storage.put(key, file.bytes);
  try {
    await db.insert(attachments).values({
      id,
      ownerId,
      storageKey: key,
      name,
      mime,
      size: file.bytes.byteLength,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    });
  } catch (e) {
    await storage.delete(key).catch(() => undefined);
    throw e;
  }
  return { attachmentId: id, url: attachmentUrl(id), name, size: file.bytes.byteLength, mime };
}
