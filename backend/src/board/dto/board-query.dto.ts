import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';

export class BoardQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "One of the user's clinics (default: all of them)",
  })
  @IsOptional()
  @IsUUID('all')
  clinicId?: string;
}

export class BoardStreamQuery extends BoardQuery {
  @ApiPropertyOptional({
    description: 'A ticket from POST /board/tickets, when no Authorization header can be sent',
  })
  @IsOptional()
  @IsString()
  ticket?: string;
}
