import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { CourseSummaryController } from './course-summary.controller';
import { CourseSummaryService } from './course-summary.service';

/** The printable summary of a treatment course (read only: it owns no entity). */
@Module({
  imports: [CoursesModule, ThresholdsModule],
  controllers: [CourseSummaryController],
  providers: [CourseSummaryService],
})
export class CourseSummaryModule {}
