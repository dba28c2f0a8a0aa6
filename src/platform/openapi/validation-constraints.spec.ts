import { describe, expect, it } from '@jest/globals';
import { ArrayMaxSize, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { validationConstraints } from './validation-constraints.js';

class Sample {
  @IsString()
  @MaxLength(40)
  @Matches(/^[a-z]+$/)
  name: string;

  @IsInt()
  @Min(1)
  @Max(100)
  limit: number;

  @ArrayMaxSize(3)
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  tags: string[];

  @IsIn(['a', 'b'])
  choice: string;
}

describe('validationConstraints', () => {
  const constraints = validationConstraints(Sample);

  it('states string rules as JSON Schema keywords', () => {
    expect(constraints.get('name')?.schema).toEqual({
      type: 'string',
      maxLength: 40,
      pattern: '^[a-z]+$',
    });
  });

  it('states integer bounds', () => {
    expect(constraints.get('limit')?.schema).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
  });

  it('puts `each` rules on the array items', () => {
    expect(constraints.get('tags')).toEqual({
      schema: { maxItems: 3 },
      items: { type: 'string', maxLength: 10 },
    });
  });

  it('states allowed values as an enum', () => {
    expect(constraints.get('choice')?.schema).toEqual({ enum: ['a', 'b'] });
  });
});
