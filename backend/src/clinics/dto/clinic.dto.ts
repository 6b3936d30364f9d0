import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { CreateClinicRequest } from '@clinic/shared';
import { SharedCheck } from '../../common/validation/validators';

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export class CreateClinicDto implements CreateClinicRequest {
  @ApiProperty({ example: 'Riverside Clinic' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/^[^\u0000-\u001f<>]*$/, { message: 'name must not contain control characters or < >' })
  name: string;

  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone' })
  @SharedCheck((v) =>
    isTimeZone(v) ? [] : ['timezone must be an IANA time zone such as Europe/London'],
  )
  timezone: string;
}
