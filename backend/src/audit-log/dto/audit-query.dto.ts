import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/validation/pagination.dto';
import { IsDateTimeWithZone } from '../../common/validation/validators';

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

/** (v2, issue 20) The staff a manager may filter the log by: one clinic's, or all of theirs. */
export class AuditActorsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') clinicId?: string;
}
