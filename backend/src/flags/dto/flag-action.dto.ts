import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { AcknowledgeFlagRequest, ResolveFlagRequest } from '@clinic/shared';
import { FREE_TEXT } from '../../common/validation/validators';

export class AcknowledgeFlagDto implements AcknowledgeFlagRequest {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(FREE_TEXT, { message: 'note must not contain control characters' })
  note?: string;
}

export class ResolveFlagDto implements ResolveFlagRequest {
  @ApiProperty({ description: 'What was done about it (required)', minLength: 3, maxLength: 2000 })
  @IsString()
  @MinLength(3, { message: 'note is required to resolve a flag (at least 3 characters)' })
  @MaxLength(2000)
  @Matches(FREE_TEXT, { message: 'note must not contain control characters' })
  note: string;

  @ApiPropertyOptional({
    description:
      'phq9.item9_positive only, psychiatrist only: why no C-SSRS screener was done at or after the PHQ-9 (CLINICAL.md s10)',
    minLength: 1,
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'noScreenerReason must not be blank' })
  @MaxLength(2000)
  @Matches(FREE_TEXT, { message: 'noScreenerReason must not contain control characters' })
  noScreenerReason?: string;
}
