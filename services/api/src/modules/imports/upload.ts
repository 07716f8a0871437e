import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { cleanFileName } from './imports.service.ts';

/* The uploaded file of an import request (multipart field «file»). */

const noFile = () =>
  new AppError(400, 'import_no_file', 'Приложите файл XLSX или CSV (поле формы «file»)', [
    { field: 'file', message: 'Файл не приложен' },
  ]);

/** The one uploaded file, read into memory (the multipart plugin caps it at 20 MiB). */
export async function uploadedFile(
  request: FastifyRequest,
): Promise<{ name: string; mime: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw noFile();
  const part = await request.file();
  if (!part) throw noFile();
  try {
    return {
      name: cleanFileName(part.filename),
      mime: (part.mimetype || 'application/octet-stream').slice(0, 200),
      bytes: await part.toBuffer(),
    };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'import_too_large', 'Файл больше 20 МБ: разделите его на части', [
        { field: 'file', message: 'Файл больше 20 МБ' },
      ]);
    }
    throw err;
  }
}
