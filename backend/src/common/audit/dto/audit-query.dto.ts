import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../validation/pagination.dto';
import { IsDateTimeWithZone } from '../../validation/validators';

export class AuditQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') clinicId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') patientId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') actorId?: string;
  @ApiPropertyOptional({ description: 'From (inclusive), ISO-8601' })
  @IsOptional()
  @IsDateTimeWithZone()
  from?: string;
  @ApiPropertyOptional({ description: 'To (exclusive), ISO-8601' })
  @IsOptional()
  @IsDateTimeWithZone()
  to?: string;
}
