import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HealthDto } from '@clinic/shared';
import { Public } from '../common/auth/allow.decorator';
import { Db } from '../database/db.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Db) {}

  @Get()
  @Public()
  async health(): Promise<HealthDto> {
    try {
      await this.db.read((em) => em.query('SELECT 1'));
    } catch {
      throw new ServiceUnavailableException('The database is unavailable');
    }
    return { status: 'ok', database: this.db.kind };
  }
}
