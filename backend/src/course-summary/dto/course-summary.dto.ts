import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class CourseSummaryQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "One of the patient's courses (default: the latest course)",
  })
  @IsOptional()
  @IsUUID()
  courseId?: string;
}
