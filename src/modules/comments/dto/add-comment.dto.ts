import { RequiredText } from '../../../platform/validation/text-field.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';

export class AddCommentFields {
  @RequiredText(5000)
  body: string;
}

export class AddCommentDto {
  @WrappedBody(() => AddCommentFields)
  comment: AddCommentFields;
}
