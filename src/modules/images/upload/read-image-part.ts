import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../../../platform/errors/app-error.js';
import { ImageError } from '../images.errors.js';

export const IMAGE_FIELD = 'image';

/**
 * Reads the one file field `image` of a multipart/form-data request into memory, stopping at
 * `maxBytes` (413). The whole file is needed anyway: it is hashed, and checked before it is kept.
 */
export async function readImagePart(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw ImageError.multipartRequired();
  let image: Buffer | undefined;
  try {
    // Read to the end, so a second file is noticed (and refused) rather than ignored.
    for await (const part of request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 8, parts: 10, fieldSize: 1024 },
    })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== IMAGE_FIELD) {
        part.file.resume();
        throw ImageError.fileRequired();
      }
      image = await part.toBuffer();
    }
  } catch (error) {
    throw multipartError(error, maxBytes);
  }
  if (!image) throw ImageError.fileRequired();
  return image;
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
