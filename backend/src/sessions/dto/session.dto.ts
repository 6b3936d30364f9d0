import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  type Cadss6Items,
  type CreateObservationRequest,
  type CreateSessionRequest,
  type CreateSideEffectRequest,
  type DischargeRequest,
  type StartSessionRequest,
  type CancelSessionRequest,
  DRUGS,
  INFUSION_MINUTES_MAX,
  INFUSION_MINUTES_MIN,
  type Drug,
  PLAUSIBLE_RANGES,
  ROUTES,
  type Route,
  SERIOUS_CRITERIA,
  type SeriousCriterion,
  SIDE_EFFECT_SEVERITIES,
  SIDE_EFFECT_TYPES,
  type SideEffectSeverity,
  type SideEffectType,
  validateSeriousCriterion,
} from '@clinic/shared';
import { FREE_TEXT, IsDateTimeWithZone, SharedCheck } from '../../common/validation/validators';

export class CreateSessionDto implements CreateSessionRequest {
  @ApiProperty({ enum: DRUGS }) @IsIn(DRUGS) drug: Drug;

  @ApiProperty({ enum: ROUTES, description: 'esketamine is intranasal only' })
  @IsIn(ROUTES)
  route: Route;

  @ApiProperty({ description: 'Total dose in mg; limits of CLINICAL.md s2 apply', example: 35 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(10_000)
  doseMg: number;

  @ApiPropertyOptional({
    description:
      'Dose start (UTC): the dose is recorded as given. Omit it and give plannedAt to order ' +
      'the session (v2). One of the two is required.',
    example: '2026-11-26T14:05:00.000Z',
  })
  @IsOptional()
  @IsDateTimeWithZone()
  startedAt?: string;

  @ApiPropertyOptional({
    description: 'v2: planned time of an ordered session (status ordered; started later)',
    example: '2026-11-26T14:30:00.000Z',
  })
  @IsOptional()
  @IsDateTimeWithZone()
  plannedAt?: string;

  @ApiPropertyOptional({
    minimum: PLAUSIBLE_RANGES.weightKg.min,
    maximum: PLAUSIBLE_RANGES.weightKg.max,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(PLAUSIBLE_RANGES.weightKg.min)
  @Max(PLAUSIBLE_RANGES.weightKg.max)
  weightKg?: number;

  @ApiPropertyOptional({
    minimum: INFUSION_MINUTES_MIN,
    maximum: INFUSION_MINUTES_MAX,
    description:
      'Infusion length in minutes; required for IV ketamine (CLINICAL.md s2 v2): minimum ' +
      'monitoring counts from the end of the infusion',
  })
  @IsOptional()
  @IsInt()
  @Min(INFUSION_MINUTES_MIN)
  @Max(INFUSION_MINUTES_MAX)
  infusionMinutes?: number;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, {
    message: 'lotNumber may hold letters, digits, spaces and . _ / - only',
  })
  lotNumber?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 30 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @Matches(FREE_TEXT, {
    each: true,
    message: 'concomitantMedications must not contain control characters',
  })
  concomitantMedications?: string[];

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(FREE_TEXT, { message: 'notes must not contain control characters' })
  notes?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "v2: the treatment course (CLINICAL.md s8); default the patient's course that has not ended",
  })
  @IsOptional()
  @IsUUID()
  courseId?: string;
}

/** Ranges and cross-field rules are checked by validateObservationMeasurements (shared); these mark the fields allowed. */
export class CreateObservationDto implements CreateObservationRequest {
  @ApiProperty({ example: '2026-11-26T14:45:00.000Z' }) @IsDateTimeWithZone() recordedAt: string;
  @ApiPropertyOptional({
    minimum: PLAUSIBLE_RANGES.systolic.min,
    maximum: PLAUSIBLE_RANGES.systolic.max,
  })
  @IsOptional()
  systolic?: number;
  @ApiPropertyOptional({
    minimum: PLAUSIBLE_RANGES.diastolic.min,
    maximum: PLAUSIBLE_RANGES.diastolic.max,
    description: 'below systolic',
  })
  @IsOptional()
  diastolic?: number;
  @ApiPropertyOptional({
    minimum: PLAUSIBLE_RANGES.heartRate.min,
    maximum: PLAUSIBLE_RANGES.heartRate.max,
  })
  @IsOptional()
  heartRate?: number;
  @ApiPropertyOptional({ minimum: PLAUSIBLE_RANGES.spo2.min, maximum: PLAUSIBLE_RANGES.spo2.max })
  @IsOptional()
  spo2?: number;
  @ApiPropertyOptional({
    minimum: PLAUSIBLE_RANGES.respiratoryRate.min,
    maximum: PLAUSIBLE_RANGES.respiratoryRate.max,
  })
  @IsOptional()
  respiratoryRate?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 5, description: 'MOAA/S, 5 = responds readily' })
  @IsOptional()
  moaas?: number;
  @ApiPropertyOptional({
    type: [Number],
    minItems: 6,
    maxItems: 6,
    description: 'CADSS-6 items 1, 2, 6, 7, 15, 22; each 0-4',
  })
  @IsOptional()
  cadss6?: Cadss6Items;
}

export class CreateSideEffectDto implements CreateSideEffectRequest {
  @ApiProperty({ enum: SIDE_EFFECT_TYPES }) @IsIn(SIDE_EFFECT_TYPES) type: SideEffectType;
  @ApiProperty({ enum: SIDE_EFFECT_SEVERITIES })
  @IsIn(SIDE_EFFECT_SEVERITIES)
  severity: SideEffectSeverity;
  @ApiProperty() @IsDateTimeWithZone() onsetAt: string;
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(FREE_TEXT, { message: 'notes must not contain control characters' })
  notes?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'A serious adverse event (CLINICAL.md s3, 21 CFR 312.32): death, life-threatening, ' +
      'hospitalisation, incapacity, congenital anomaly or another important medical event. ' +
      'Separate from severity (intensity).',
  })
  @IsOptional()
  @IsBoolean()
  serious?: boolean;

  @ApiPropertyOptional({
    enum: SERIOUS_CRITERIA,
    nullable: true,
    description: 'Required when serious is true; refused when it is false',
  })
  @SharedCheck((value, object) => validateSeriousCriterion(object['serious'], value))
  seriousCriterion?: SeriousCriterion | null;
}

export class DischargeDto implements DischargeRequest {
  @ApiProperty() @IsDateTimeWithZone() dischargedAt: string;

  @ApiPropertyOptional({
    description: 'Required to discharge before ready; psychiatrists only',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  @Matches(FREE_TEXT, { message: 'overrideReason must not contain control characters' })
  overrideReason?: string;
}

export class StartSessionDto implements StartSessionRequest {
  @ApiProperty({ description: 'When the dose was given (UTC)' })
  @IsDateTimeWithZone()
  startedAt: string;

  @ApiPropertyOptional({
    description: 'Required to start despite failed pre-dose checks; psychiatrists only',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  @Matches(FREE_TEXT, { message: 'overrideReason must not contain control characters' })
  overrideReason?: string;
}

export class CancelSessionDto implements CancelSessionRequest {
  @ApiProperty({ description: 'Why the order is cancelled', minLength: 3, maxLength: 2000 })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  @Matches(FREE_TEXT, { message: 'reason must not contain control characters' })
  reason: string;
}
