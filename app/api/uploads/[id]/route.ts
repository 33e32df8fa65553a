import { pathId } from '@/lib/server/path-id';
import { authedRoute } from '@/lib/server/route';
import { readUpload } from '@/lib/uploads/read-upload';

export const GET = authedRoute(async ({ services, caller, params }) => {
  const { row, bytes } = await readUpload(services.db, services.uploads, caller.userId, pathId(params));
  const inline = row.mime.startsWith('image/');
  const encoded = encodeURIComponent(row.name);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': row.mime,
      'content-length': String(bytes.byteLength),
      'x-content-type-options': 'nosniff',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${row.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encoded}`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
    },
  });
});
