import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  FLAG_CATEGORIES,
  FLAG_SEVERITIES,
  FLAG_STATUSES,
  type FlagCategory,
  type FlagSeverity,
  type FlagStatus,
} from '@clinic/shared';
import { PaginationQuery } from '../../common/validation/pagination.dto';

export class ListFlagsQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') clinicId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') patientId?: string;
  @ApiPropertyOptional({ enum: FLAG_STATUSES })
  @IsOptional()
  @IsIn(FLAG_STATUSES)
  status?: FlagStatus;
  @ApiPropertyOptional({ enum: FLAG_CATEGORIES })
  @IsOptional()
  @IsIn(FLAG_CATEGORIES)
  category?: FlagCategory;
  @ApiPropertyOptional({ enum: FLAG_SEVERITIES })
  @IsOptional()
  @IsIn(FLAG_SEVERITIES)
  severity?: FlagSeverity;
}
