import { Module } from '@nestjs/common';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';

/** The clinic's outcomes (response and remission across patients). */
@Module({
  imports: [ThresholdsModule],
  controllers: [OutcomesController],
  providers: [OutcomesService],
  exports: [OutcomesService],
})
export class OutcomesModule {}
