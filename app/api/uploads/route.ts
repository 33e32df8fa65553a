import { AppError } from '@/lib/errors';
import { authedRoute, json } from '@/lib/server/route';
import { readLimitedBody } from '@/lib/server/read-limited-body';
import { saveUpload } from '@/lib/uploads/save-upload';
import { MAX_UPLOAD_BYTES } from '@/lib/uploads/sniff-type';

// Room for the multipart envelope around a file of the maximum size.
const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

export const POST = authedRoute(async ({ req, services, caller }) => {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new AppError('invalid_input', 'Send the file as multipart/form-data in the field "file"');
  }
  await services.limits.uploads.consume(caller.userId, 'uploads');
  const body = await readLimitedBody(req, MAX_BODY_BYTES, 'Files can be at most 10 MB');
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('invalid_input', 'The multipart body could not be read');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw new AppError('invalid_input', 'The field "file" must hold a file');
  const result = await saveUpload(services.db, services.uploads, caller.userId, {
    name: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  return json(result, 201);
});
