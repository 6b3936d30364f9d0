import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  type CreatePhq9Request,
  type CreateRiskEventRequest,
  RECALL_PERIODS,
  type RecallPeriod,
  RISK_EVENT_TYPES,
  type RiskEventType,
  validatePhq9Item10,
  validatePhq9Items,
} from '@clinic/shared';
import { IsDateTimeWithZone, SharedCheck } from '../../common/validation/validators';

export class CreatePhq9Dto implements CreatePhq9Request {
  @ApiProperty({ example: '2026-11-27T14:00:00.000Z' })
  @IsDateTimeWithZone()
  administeredAt: string;

  @ApiProperty({
    type: 'array',
    minItems: 9,
    maxItems: 9,
    items: { type: 'integer', minimum: 0, maximum: 3, nullable: true },
    description: 'Items 1-9 in order, each 0-3, or null when not answered (never 0 for missing)',
  })
  @SharedCheck((value) => validatePhq9Items(value))
  items: (number | null)[];

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3,
    nullable: true,
    description: '"How difficult": recorded, not scored',
  })
  @IsOptional()
  @SharedCheck((value) => validatePhq9Item10(value))
  item10?: number | null;

  @ApiProperty({
    enum: RECALL_PERIODS,
    description: 'two_weeks (standard) or 24_hours (modified recall after a dose)',
  })
  @IsIn(RECALL_PERIODS)
  recall: RecallPeriod;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  sessionId?: string;
}

export class CreateRiskEventDto implements CreateRiskEventRequest {
  @ApiProperty({ enum: RISK_EVENT_TYPES }) @IsIn(RISK_EVENT_TYPES) type: RiskEventType;
  @ApiProperty() @IsDateTimeWithZone() occurredAt: string;
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/, {
    message: 'notes must not contain control characters',
  })
  notes?: string;
}
