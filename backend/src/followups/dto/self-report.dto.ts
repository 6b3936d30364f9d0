import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { type SelfReportRequest, validatePhq9Item10, validatePhq9Items } from '@clinic/shared';
import { SharedCheck } from '../../common/validation/validators';

/** A patient answers every item: a skipped item 9 would hide exactly what must be seen. */
function everyItemAnswered(value: unknown): string[] {
  const errors = validatePhq9Items(value);
  if (errors.length > 0) return errors;
  const missing = (value as (number | null)[])
    .map((v, i) => (v === null ? i : -1))
    .filter((i) => i >= 0);
  return missing.map((i) => `items.${i} must be answered`);
}

export class SelfReportDto implements SelfReportRequest {
  @ApiProperty({
    type: 'array',
    minItems: 9,
    maxItems: 9,
    items: { type: 'integer', minimum: 0, maximum: 3 },
  })
  @SharedCheck((value) => everyItemAnswered(value))
  items: number[];

  @ApiPropertyOptional({ minimum: 0, maximum: 3, nullable: true })
  @IsOptional()
  @SharedCheck((value) => validatePhq9Item10(value))
  item10?: number | null;
}
