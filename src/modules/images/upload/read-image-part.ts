import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../../../platform/errors/app-error.js';
import { ImageError } from '../images.errors.js';

export const IMAGE_FIELD = 'image';

/**
 * Reads a multipart/form-data request whose one file field is `image`, handing that file to
 * `receive` as a stream while it arrives (nothing is buffered here), cut at `maxBytes` (413).
 * The body is read to its end, so that a second file is noticed (and refused) rather than
 * ignored, and so that a refusal reaches the client instead of a reset connection.
 */
export async function readImagePart<T>(
  request: FastifyRequest,
  maxBytes: number,
  receive: (file: Readable) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) throw ImageError.multipartRequired();
  let received: { value: T } | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 8, parts: 10, fieldSize: 1024 },
    })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== IMAGE_FIELD) {
        part.file.resume();
        throw ImageError.fileRequired();
      }
      received = { value: await receive(part.file) };
      // Busboy stops passing bytes on at the limit and drops the rest of the part.
      if (part.file.truncated) throw ImageError.tooLarge(maxBytes);
    }
  } catch (error) {
    throw multipartError(error, maxBytes);
  }
  if (!received) throw ImageError.fileRequired();
  return received.value;
}

function multipartError(error: unknown, maxBytes: number): unknown {
  if (error instanceof ImageError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return ImageError.tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new InvalidInputError([`${IMAGE_FIELD}: send exactly one file`]);
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new InvalidInputError(['the multipart body is malformed']);
    default:
      // Busboy reports a malformed or truncated body without a code.
      return error instanceof Error && /multipart|boundary|unexpected end/i.test(error.message)
        ? new InvalidInputError(['the multipart body is malformed'])
        : error;
  }
}
