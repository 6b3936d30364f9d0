import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  type CreatePatientRequest,
  PLAUSIBLE_RANGES,
  SEXES,
  type Sex,
  type UpdatePatientRequest,
} from '@clinic/shared';
import { FREE_TEXT, IsCalendarDate } from '../../common/validation/validators';
import { PaginationQuery } from '../../common/validation/pagination.dto';

const NAME = /^[^\u0000-\u001f<>]*$/;

export class CreatePatientDto implements CreatePatientRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  clinicId: string;

  @ApiProperty({ example: 'RC-000123', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, {
    message: 'mrn may hold letters, digits and . _ / - only',
  })
  mrn: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME, { message: 'givenName must not contain control characters or < >' })
  @Matches(/\S/, { message: 'givenName must not be blank' })
  givenName: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME, { message: 'familyName must not contain control characters or < >' })
  @Matches(/\S/, { message: 'familyName must not be blank' })
  familyName: string;

  @ApiProperty({ example: '1980-04-12' })
  @IsCalendarDate()
  birthDate: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex: Sex;

  @ApiPropertyOptional({
    minimum: PLAUSIBLE_RANGES.weightKg.min,
    maximum: PLAUSIBLE_RANGES.weightKg.max,
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(PLAUSIBLE_RANGES.weightKg.min)
  @Max(PLAUSIBLE_RANGES.weightKg.max)
  weightKg?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'For sending follow-up links by email' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '+15551234567',
    description: 'For sending follow-up links by SMS (E.164)',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^\+[1-9][0-9]{6,14}$/, {
    message: 'phone must be in international format, e.g. +15551234567',
  })
  phone?: string | null;
}

/** Every field of a new patient but the clinic, each optional (the clinic of a record never changes); null only where a new patient allows it. */
export class UpdatePatientDto
  extends PartialType(OmitType(CreatePatientDto, ['clinicId'] as const), {
    skipNullProperties: false,
  })
  implements UpdatePatientRequest {}

export class ListPatientsQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  clinicId?: string;

  @ApiPropertyOptional({
    description: 'Part of the name or MRN (case-insensitive)',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(FREE_TEXT, { message: 'search must not contain control characters' })
  search?: string;
}
