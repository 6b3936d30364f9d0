import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AmendmentsController } from './amendments/amendments.controller';
import { AmendmentsService } from './amendments/amendments.service';
import { ExportsController } from './exports/exports.controller';
import { ExportsService } from './exports/exports.service';
import { AssessmentsController } from './assessments/assessments.controller';
import { AssessmentsService } from './assessments/assessments.service';
import { AuthController } from './auth/auth.controller';
import { BoardEvents } from './board/board-events.service';
import { BoardController } from './board/board.controller';
import { BoardService } from './board/board.service';
import { AuthService } from './auth/auth.service';
import { ClinicsController } from './clinics/clinics.controller';
import { ClinicsService } from './clinics/clinics.service';
import { AccessGuard } from './common/auth/access.guard';
import { Instance } from './common/instance/instance';
import { AuditLogService } from './common/audit/audit-log.service';
import { AuditController } from './common/audit/audit.controller';
import { AuditService } from './common/audit/audit.service';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { APP_CONFIG, type AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { Db } from './database/db.service';
import { FlagsController } from './flags/flags.controller';
import { FlagsService } from './flags/flags.service';
import { FollowUpsController } from './followups/follow-ups.controller';
import { FollowUpsService } from './followups/follow-ups.service';
import { SelfReportService } from './followups/self-report.service';
import { HealthController } from './health/health.controller';
import { OutcomesController } from './outcomes/outcomes.controller';
import { OutcomesService } from './outcomes/outcomes.service';
import { OutboxController } from './outbox/outbox.controller';
import { OutboxService } from './outbox/outbox.service';
import { PatientsController } from './patients/patients.controller';
import { PatientsService } from './patients/patients.service';
import { ObservationsService } from './sessions/observations.service';
import { RemsController } from './sessions/rems.controller';
import { RemsService } from './sessions/rems.service';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { SchedulerRuns } from './signals/scheduler-runs';
import { SignalsScheduler } from './signals/signals.scheduler';
import { SignalsService } from './signals/signals.service';
import { ThresholdsController } from './signals/thresholds.controller';
import { ThresholdsService } from './signals/thresholds.service';
import { SuicideRiskController } from './suicide-risk/suicide-risk.controller';
import { SuicideRiskService } from './suicide-risk/suicide-risk.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

@Global()
@Module({})
export class AppModule {
  /** The data source is opened and migrated before Nest starts (see bootstrap), then handed in. */
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.database),
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
      ],
      controllers: [
        HealthController,
        AuthController,
        ClinicsController,
        UsersController,
        PatientsController,
        SessionsController,
        RemsController,
        AssessmentsController,
        FlagsController,
        ThresholdsController,
        AuditController,
        BoardController,
        OutcomesController,
        FollowUpsController,
        OutboxController,
        AmendmentsController,
        ExportsController,
        SuicideRiskController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        Db,
        Instance,
        AuditService,
        AuditLogService,
        AuthService,
        ClinicsService,
        UsersService,
        PatientsService,
        SessionsService,
        ObservationsService,
        RemsService,
        AssessmentsService,
        FlagsService,
        ThresholdsService,
        SignalsService,
        SchedulerRuns,
        SignalsScheduler,
        BoardEvents,
        BoardService,
        OutcomesService,
        FollowUpsService,
        SelfReportService,
        OutboxService,
        AmendmentsService,
        ExportsService,
        SuicideRiskService,
      ],
      exports: [Db, AuditService],
    };
  }
}
