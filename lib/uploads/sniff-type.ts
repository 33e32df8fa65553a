import { fileTypeFromBuffer } from 'file-type';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const byMime: Record<string, true> = {
  'image/png': true,
  'image/jpeg': true,
  'image/gif': true,
  'image/webp': true,
  'application/pdf': true,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': true,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': true,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': true,
  'application/vnd.oasis.opendocument.text': true,
  'application/vnd.oasis.opendocument.spreadsheet': true,
  'application/vnd.oasis.opendocument.presentation': true,
};

// Legacy Office files are OLE compound files: the bytes say "cfb", the name says which.
const legacyOffice: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

const textTypes: Record<string, string> = { txt: 'text/plain', csv: 'text/csv' };

/**
 * The type of an upload, decided from its bytes (the client's claim is never trusted);
 * null when it is not on the allowlist: images, PDF, Office and OpenDocument files, plain text and CSV.
 */
export async function sniffType(bytes: Uint8Array, name: string): Promise<string | null> {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    if (byMime[detected.mime]) return detected.mime;
    if (detected.mime === 'application/x-cfb') return legacyOffice[ext] ?? null;
    return null;
  }
  if (textTypes[ext] && looksLikeText(bytes)) return textTypes[ext];
  return null;
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A file name safe to store and to put in a header: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return cleaned || 'file';
}
