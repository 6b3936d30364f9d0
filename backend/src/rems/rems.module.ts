import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { RemsFormRecord } from './rems-form.entity';
import { RemsController } from './rems.controller';
import { RemsDueService } from './rems-due.service';
import { RemsService } from './rems.service';

/** The esketamine REMS Patient Monitoring Form: filled from the session, completed, submitted. */
@Module({
  controllers: [RemsController],
  providers: [RemsService, RemsDueService],
})
export class RemsModule {
  static readonly entities: readonly EntityClass[] = [RemsFormRecord];
}
