import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  COURSE_KINDS,
  type CourseKind,
  DRUGS,
  type Drug,
  ROUTES,
  type Route,
} from '@clinic/shared';
import { IsCalendarDate } from '../../common/validation/validators';

export class OutcomesQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') clinicId?: string;
  @ApiPropertyOptional({
    description: 'Cohort: first session on or after this date (YYYY-MM-DD, UTC)',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({
    description: 'Cohort: first session on or before this date (YYYY-MM-DD, UTC)',
  })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
  @ApiPropertyOptional({ enum: DRUGS }) @IsOptional() @IsIn(DRUGS) drug?: Drug;
  @ApiPropertyOptional({ enum: ROUTES }) @IsOptional() @IsIn(ROUTES) route?: Route;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The psychiatrist who ordered the first session',
  })
  @IsOptional()
  @IsUUID('all')
  clinicianId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The courses' protocol (CLINICAL.md s6 v2)" })
  @IsOptional()
  @IsUUID('all')
  protocolId?: string;
  @ApiPropertyOptional({
    enum: COURSE_KINDS,
    description: 'Initial courses or re-inductions (reported apart, CLINICAL.md s6 v2)',
  })
  @IsOptional()
  @IsIn(COURSE_KINDS)
  kind?: CourseKind;
}
