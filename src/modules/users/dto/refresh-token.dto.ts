import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

// base64url of 32 random bytes is 43 characters; anything far off is not one of ours.
const RefreshTokenField = () => Length(20, 200, { message: 'refreshToken is invalid' });

export class RefreshTokenFields {
  @ApiProperty()
  @IsString({ message: 'refreshToken is required' })
  @RefreshTokenField()
  refreshToken: string;
}

/**
 * `{"user": {"refreshToken": "…"}}`, in RealWorld's wrapped style, or `{"refreshToken": "…"}`.
 * Both are optional here; the route says which it needs.
 */
export class RefreshTokenDto {
  @ApiPropertyOptional({ type: () => RefreshTokenFields })
  @IsOptional()
  @IsObject({ message: 'user must be an object' })
  @ValidateNested()
  @Type(() => RefreshTokenFields)
  user?: RefreshTokenFields;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'refreshToken must be a string' })
  @RefreshTokenField()
  refreshToken?: string;
}

export const refreshTokenOf = (body: RefreshTokenDto | undefined): string | undefined =>
  body?.user?.refreshToken ?? body?.refreshToken;
