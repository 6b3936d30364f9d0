import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  REMS_FIELD_NAMES,
  REMS_TEXT_MAX,
  remsCorrectionProblems,
  type RemsFormPatchRequest,
  type RemsSubmittedRequest,
} from '@clinic/shared';
import { PaginationQuery } from '../../common/validation/pagination.dto';
import { FREE_TEXT, IsDateTimeWithZone, SharedCheck } from '../../common/validation/validators';

/** Visible text: not blank, no control characters. */
const TEXT = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/;

export class RemsCorrectionBody {
  @ApiProperty({
    enum: REMS_FIELD_NAMES,
    description: 'A field of the form filled from the records',
  })
  @IsString()
  @SharedCheck((value) =>
    typeof value === 'string' && REMS_FIELD_NAMES.includes(value)
      ? []
      : [`field must be one of ${REMS_FIELD_NAMES.join(', ')}`],
  )
  field: string;

  @ApiProperty({
    maxLength: REMS_TEXT_MAX,
    description:
      'As the paper form writes it: yes/no, 56/84/other, whole minutes, systolic/diastolic, YYYY-MM-DD, text',
  })
  @IsString()
  @MaxLength(REMS_TEXT_MAX)
  @SharedCheck((value, object) =>
    typeof value !== 'string' || typeof object.field !== 'string'
      ? []
      : REMS_FIELD_NAMES.includes(object.field)
        ? remsCorrectionProblems(object.field, value)
        : [],
  )
  value: string;

  @ApiProperty({ maxLength: REMS_TEXT_MAX, description: 'Why the record is corrected (required)' })
  @IsString()
  @MaxLength(REMS_TEXT_MAX)
  @Matches(TEXT, { message: 'reason must not be empty or contain control characters' })
  reason: string;
}

/** `PATCH /sessions/:id/rems`: the fields the records cannot give. Absent fields are kept. */
export class PatchRemsFormDto implements RemsFormPatchRequest {
  @ApiPropertyOptional({
    maxLength: 200,
    nullable: true,
    description: 'Who monitored the patient (name, credentials)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(FREE_TEXT, { message: 'monitoringProvider must not contain control characters' })
  monitoringProvider?: string | null;

  @ApiPropertyOptional({
    maxLength: 200,
    nullable: true,
    description: 'The healthcare setting the dose was given in',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(FREE_TEXT, { message: 'setting must not contain control characters' })
  setting?: string | null;

  @ApiPropertyOptional({
    type: [RemsCorrectionBody],
    maxItems: REMS_FIELD_NAMES.length,
    description: "The form's corrections (replaces the list; at most one per field)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REMS_FIELD_NAMES.length)
  @ValidateNested({ each: true })
  @Type(() => RemsCorrectionBody)
  @SharedCheck((value) => {
    if (!Array.isArray(value)) return [];
    const fields = value.map((c: { field?: unknown }) => c?.field);
    return new Set(fields).size === fields.length
      ? []
      : ['corrections must name each field at most once'];
  })
  corrections?: RemsCorrectionBody[];
}

export class RemsSubmittedDto implements RemsSubmittedRequest {
  @ApiProperty({
    example: '2026-11-27T09:00:00.000Z',
    description: 'When the form was submitted: not in the future, not before the dose start',
  })
  @IsDateTimeWithZone()
  submittedAt: string;

  @ApiPropertyOptional({
    maxLength: 100,
    nullable: true,
    description: 'The REMS confirmation number',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(FREE_TEXT, { message: 'reference must not contain control characters' })
  reference?: string | null;
}

export class RemsDueQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  clinicId?: string;
}
