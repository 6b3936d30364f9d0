import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CONCOMITANT_CLASSES,
  COURSE_END_REASONS,
  COURSE_KINDS,
  type ConcomitantClass,
  type CourseEndReason,
  type CourseKind,
  type CoursePhaseRequest,
  type CreateCourseRequest,
  type CreateProtocolRequest,
  type CreateScreeningRequest,
  type DosePlan,
  type DosePlanUnit,
  DOSE_PLAN_UNITS,
  DRUGS,
  type Drug,
  type EndCourseRequest,
  type ProtocolInduction,
  type ProtocolMaintenance,
  ROUTES,
  type Route,
  SCREENING_ANSWERS,
  SCREENING_ITEMS,
  type ScreeningAnswer,
  type ScreeningItem,
} from '@clinic/shared';
import { FREE_TEXT, IsDateTimeWithZone } from '../../common/validation/validators';

// Numbers are typed here; their ranges and the dose plan against the clinic's limits are checked by
// protocolErrors (shared), each a 400 naming the field.
const NUMBER = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 };

export class ProtocolInductionDto implements ProtocolInduction {
  @ApiProperty({ minimum: 1, description: 'Sessions of induction (then maintenance)' })
  @IsInt()
  sessions: number;

  @ApiProperty({ minimum: 1, description: 'Days within which induction should be finished' })
  @IsInt()
  withinDays: number;

  @ApiProperty({ minimum: 1, maximum: 7, description: 'At most this many in any rolling 7 days' })
  @IsInt()
  maxPerWeek: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 28, default: 1 })
  @IsOptional()
  @IsInt()
  minDaysBetween?: number;
}

export class ProtocolMaintenanceDto implements ProtocolMaintenance {
  @ApiProperty({ minimum: 1, maximum: 7 }) @IsInt() maxPerWeek: number;
  @ApiProperty({ minimum: 0, maximum: 28 }) @IsInt() minDaysBetween: number;
}

export class DosePlanDto implements DosePlan {
  @ApiProperty({ enum: DOSE_PLAN_UNITS, description: 'esketamine mg, ketamine mg_per_kg' })
  @IsIn(DOSE_PLAN_UNITS)
  unit: DosePlanUnit;

  @ApiProperty({ description: "The course's first dose" })
  @IsNumber(NUMBER)
  first: number;

  @ApiProperty({
    type: [Number],
    maxItems: 20,
    description: 'The doses of the plan after the first',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsNumber(NUMBER, { each: true })
  steps: number[];

  @ApiProperty({ description: "The plan's highest dose (not above the clinic's usual maximum)" })
  @IsNumber(NUMBER)
  max: number;
}

/** `maintenance` may be left out (API.md: the request type's null). */
export class CreateProtocolDto implements Omit<CreateProtocolRequest, 'maintenance'> {
  @ApiProperty({ format: 'uuid' }) @IsUUID() clinicId: string;

  @ApiProperty({ minLength: 3, maxLength: 120 })
  @IsString()
  @MinLength(3)
  @MaxLength(120)
  @Matches(FREE_TEXT, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ enum: DRUGS }) @IsIn(DRUGS) drug: Drug;
  @ApiProperty({ enum: ROUTES }) @IsIn(ROUTES) route: Route;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The template copied' })
  @IsOptional()
  @IsUUID()
  basedOnId?: string | null;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(FREE_TEXT, { message: 'source must not contain control characters' })
  source?: string | null;

  @ApiProperty({ type: ProtocolInductionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ProtocolInductionDto)
  induction: ProtocolInductionDto;

  @ApiPropertyOptional({
    type: ProtocolMaintenanceDto,
    nullable: true,
    description: 'null or absent: no maintenance phase (none studied)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProtocolMaintenanceDto)
  maintenance?: ProtocolMaintenanceDto | null;

  @ApiProperty({ type: DosePlanDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DosePlanDto)
  dosePlan: DosePlanDto;
}

/** GET /patients/:id/response?courseId= (API.md "Treatment courses"): default the latest course. */
export class ResponseQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "One of the patient's courses (default: the latest)",
  })
  @IsOptional()
  @IsUUID('all')
  courseId?: string;
}

export class ProtocolsQuery {
  @ApiProperty({ format: 'uuid', description: "One of the user's clinics" })
  @IsUUID()
  clinicId: string;
}

const answer = (): PropertyDecorator => {
  const decorators = [ApiProperty({ enum: SCREENING_ANSWERS }), IsIn(SCREENING_ANSWERS)];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

/** Every item of CLINICAL.md s9's checklist, answered no / yes / unknown. */
export class ScreeningAnswersDto implements Record<ScreeningItem, ScreeningAnswer> {
  @answer() aneurysmal_vascular_disease: ScreeningAnswer;
  @answer() arteriovenous_malformation: ScreeningAnswer;
  @answer() intracerebral_haemorrhage: ScreeningAnswer;
  @answer() hypersensitivity: ScreeningAnswer;
  @answer() psychosis_or_mania: ScreeningAnswer;
  @answer() pregnancy_or_breastfeeding: ScreeningAnswer;
  @answer() uncontrolled_hypertension: ScreeningAnswer;
  @answer() cardiac_or_cerebrovascular_disease: ScreeningAnswer;
  @answer() substance_use_disorder: ScreeningAnswer;
  @answer() raised_intracranial_pressure: ScreeningAnswer;
}

const note = (): PropertyDecorator => {
  const decorators = [
    ApiPropertyOptional({ maxLength: 2000, nullable: true }),
    IsOptional(),
    IsString(),
    MaxLength(2000),
    Matches(FREE_TEXT, { message: '$property must not contain control characters' }),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

/** The psychiatrist's note per item; required for each `yes` (checked by the service). */
export class ScreeningNotesDto implements Partial<Record<ScreeningItem, string | null>> {
  @note() aneurysmal_vascular_disease?: string | null;
  @note() arteriovenous_malformation?: string | null;
  @note() intracerebral_haemorrhage?: string | null;
  @note() hypersensitivity?: string | null;
  @note() psychosis_or_mania?: string | null;
  @note() pregnancy_or_breastfeeding?: string | null;
  @note() uncontrolled_hypertension?: string | null;
  @note() cardiac_or_cerebrovascular_disease?: string | null;
  @note() substance_use_disorder?: string | null;
  @note() raised_intracranial_pressure?: string | null;
}

export class CreateScreeningDto implements Omit<CreateScreeningRequest, 'notes'> {
  @ApiProperty({ enum: DRUGS }) @IsIn(DRUGS) drug: Drug;

  @ApiProperty({ description: 'Not in the future; valid 30 days for a first session' })
  @IsDateTimeWithZone()
  screenedAt: string;

  @ApiProperty({
    type: ScreeningAnswersDto,
    description: `Every item: ${SCREENING_ITEMS.join(', ')}`,
  })
  @IsObject()
  @ValidateNested()
  @Type(() => ScreeningAnswersDto)
  answers: ScreeningAnswersDto;

  @ApiPropertyOptional({ type: ScreeningNotesDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScreeningNotesDto)
  notes?: ScreeningNotesDto | null;

  @ApiPropertyOptional({ enum: CONCOMITANT_CLASSES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CONCOMITANT_CLASSES.length)
  @IsIn(CONCOMITANT_CLASSES, { each: true })
  concomitant?: ConcomitantClass[];

  @ApiProperty({ description: 'Date of informed consent (required)' })
  @IsDateTimeWithZone()
  consentAt: string;

  @ApiPropertyOptional({ nullable: true, description: 'Esketamine: REMS enrolment (required)' })
  @IsOptional()
  @IsDateTimeWithZone()
  remsEnrolledAt?: string | null;
}

const REASON_TEXT = { message: '$property must not contain control characters' };

export class CreateCourseDto implements CreateCourseRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() protocolId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() screeningId: string;
  @ApiProperty({ enum: COURSE_KINDS }) @IsIn(COURSE_KINDS) kind: CourseKind;

  @ApiPropertyOptional({
    nullable: true,
    minLength: 5,
    maxLength: 2000,
    description: 'Required when the screening is contraindicated (raises screening.override)',
  })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  @Matches(FREE_TEXT, REASON_TEXT)
  overrideReason?: string | null;
}

export class CoursePhaseDto implements CoursePhaseRequest {
  @ApiProperty({ enum: ['maintenance'] }) @IsIn(['maintenance']) phase: 'maintenance';

  @ApiPropertyOptional({
    nullable: true,
    minLength: 5,
    maxLength: 2000,
    description: "Required before the protocol's induction count is reached",
  })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  @Matches(FREE_TEXT, REASON_TEXT)
  reason?: string | null;
}

export class EndCourseDto implements EndCourseRequest {
  @ApiProperty({ enum: COURSE_END_REASONS }) @IsIn(COURSE_END_REASONS) reason: CourseEndReason;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(FREE_TEXT, REASON_TEXT)
  note?: string | null;
}
