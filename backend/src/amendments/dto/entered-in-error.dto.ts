import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { EnteredInErrorRequest } from '@clinic/shared';
import { FREE_TEXT } from '../../common/validation/validators';

export class EnteredInErrorDto implements EnteredInErrorRequest {
  @ApiProperty({ description: 'Why the record is wrong (required)', minLength: 3, maxLength: 500 })
  @IsString()
  @MinLength(3, { message: 'reason is required (at least 3 characters)' })
  @MaxLength(500)
  @Matches(FREE_TEXT, { message: 'reason must not contain control characters' })
  reason: string;
}
