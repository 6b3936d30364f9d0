import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import type { CreateCssrsRequest } from '@clinic/shared';
import { IsDateTimeWithZone } from '../../common/validation/validators';

/**
 * `POST /patients/:id/cssrs` (API.md "Suicide risk"). The types are checked here; the skip logic of
 * CLINICAL.md s10 (Q3-Q5 only when Q2 is yes, the recency only when Q6 is yes) by the service,
 * each violation a 400 naming the field.
 */
export class CreateCssrsDto implements CreateCssrsRequest {
  @ApiProperty({ example: '2026-11-27T14:00:00.000Z', description: 'Not in the future' })
  @IsDateTimeWithZone()
  administeredAt: string;

  @ApiProperty({ description: 'Q1: wished to be dead or not wake up (past month)' })
  @IsBoolean()
  wishDead: boolean;

  @ApiProperty({ description: 'Q2: non-specific active suicidal thoughts (past month)' })
  @IsBoolean()
  suicidalThoughts: boolean;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Q3: thoughts of a method. Required when Q2 is yes, refused when Q2 is no',
  })
  @IsOptional()
  @IsBoolean()
  method?: boolean | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Q4: intent to act without a plan. Required when Q2 is yes, refused when Q2 is no',
  })
  @IsOptional()
  @IsBoolean()
  intent?: boolean | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Q5: intent with a specific plan. Required when Q2 is yes, refused when Q2 is no',
  })
  @IsOptional()
  @IsBoolean()
  plan?: boolean | null;

  @ApiProperty({
    description:
      'Q6: suicidal behaviour (attempt, interrupted or aborted attempt, preparation), lifetime',
  })
  @IsBoolean()
  behavior: boolean;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Q6 within the past 3 months. Required when Q6 is yes, refused when Q6 is no',
  })
  @IsOptional()
  @IsBoolean()
  behaviorPast3Months?: boolean | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The PHQ-9 of this patient that prompted the screener',
  })
  @IsOptional()
  @IsUUID('all')
  phq9Id?: string | null;
}
