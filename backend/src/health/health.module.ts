import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { HealthController } from './health.controller';

/** The liveness and readiness check (database and Redis). */
@Module({
  imports: [RealtimeModule],
  controllers: [HealthController],
})
export class HealthModule {}
