import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AccessGuard } from './common/auth/access.guard';
import { CommonModule } from './common/common.module';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config';
import { DatabaseModule } from './database/database.module';
import { FEATURES } from './features';

/**
 * The composition root: configuration, the database, the common layer, then the features (each a
 * module importing the modules it uses). Deny by default: the access guard runs on every route.
 */
@Module({})
export class AppModule {
  /** The data source is opened and migrated before Nest starts (see bootstrap), then handed in. */
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        DatabaseModule.register(dataSource),
        CommonModule,
        ...FEATURES,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
