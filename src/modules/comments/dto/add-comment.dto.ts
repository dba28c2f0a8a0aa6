import { Field, InputType } from '@nestjs/graphql';
import { RequiredText } from '../../../platform/validation/text-field.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';

@InputType('AddCommentInput')
export class AddCommentFields {
  @RequiredText(5000)
  @Field(() => String)
  body: string;
}

export class AddCommentDto {
  @WrappedBody(() => AddCommentFields)
  comment: AddCommentFields;
}
