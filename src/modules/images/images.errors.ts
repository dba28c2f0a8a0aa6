import { AppError } from '../../platform/errors/app-error.js';

export enum ImageErrorCode {
  MultipartRequired = 'IMAGE_MULTIPART_REQUIRED',
  FileRequired = 'IMAGE_FILE_REQUIRED',
  TooLarge = 'IMAGE_TOO_LARGE',
  UnsupportedType = 'IMAGE_UNSUPPORTED_TYPE',
  Unreadable = 'IMAGE_UNREADABLE',
  TooManyPixels = 'IMAGE_TOO_MANY_PIXELS',
  JobNotFound = 'JOB_NOT_FOUND',
  ImageNotFound = 'IMAGE_NOT_FOUND',
  TooManyStreams = 'JOB_STREAMS_LIMIT',
}

export class ImageError extends AppError {
  static multipartRequired(): ImageError {
    return new ImageError(
      'unsupported_media_type',
      ImageErrorCode.MultipartRequired,
      'send the image as multipart/form-data with one file field named "image"',
    );
  }

  static fileRequired(): ImageError {
    return new ImageError(
      'invalid_input',
      ImageErrorCode.FileRequired,
      'image: a file field named "image" is required',
    );
  }

  static tooLarge(maxBytes: number): ImageError {
    return new ImageError(
      'too_large',
      ImageErrorCode.TooLarge,
      `image: larger than the ${maxBytes} bytes accepted`,
    );
  }

  static unsupportedType(): ImageError {
    return new ImageError(
      'unsupported_media_type',
      ImageErrorCode.UnsupportedType,
      'image: the content is not JPEG, PNG, WebP or AVIF',
    );
  }

  static unreadable(): ImageError {
    return new ImageError(
      'invalid_input',
      ImageErrorCode.Unreadable,
      'image: the file header could not be read',
    );
  }

  static tooManyPixels(width: number, height: number, maxPixels: number): ImageError {
    return new ImageError(
      'invalid_input',
      ImageErrorCode.TooManyPixels,
      `image: ${width}x${height} is more than the ${maxPixels} pixels accepted`,
    );
  }

  static jobNotFound(id: string): ImageError {
    return new ImageError('not_found', ImageErrorCode.JobNotFound, `job "${id}" not found`);
  }

  /** Streams free up as jobs finish (seconds, usually): a short wait is the right advice. */
  static tooManyStreams(max: number): ImageError {
    const message = `at most ${max} job event streams may be open at once; close one or retry later`;
    return new ImageError('rate_limited', ImageErrorCode.TooManyStreams, message, [message], {
      'retry-after': '5',
    });
  }

  static imageNotFound(): ImageError {
    return new ImageError('not_found', ImageErrorCode.ImageNotFound, 'no such image');
  }
}
