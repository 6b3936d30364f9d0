import { Global, Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { SESSION_COURSES } from '../sessions/session-hooks';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { CourseSessionsService } from './course-sessions.service';
import { CoursesController } from './courses.controller';
import { CoursesService } from './courses.service';
import { Protocol } from './protocol.entity';
import { ProtocolsService } from './protocols.service';
import { Screening } from './screening.entity';
import { ScreeningsService } from './screenings.service';
import { TreatmentCourse } from './treatment-course.entity';

/** Treatment courses, protocols and screenings. Global only for the contract it implements for sessions/ (SESSION_COURSES). */
@Global()
@Module({
  imports: [ThresholdsModule],
  controllers: [CoursesController],
  providers: [
    ProtocolsService,
    ScreeningsService,
    CoursesService,
    CourseSessionsService,
    { provide: SESSION_COURSES, useExisting: CourseSessionsService },
  ],
  // CoursesService: the course as the API shows it, for the printable summary (course-summary/).
  exports: [SESSION_COURSES, CoursesService],
})
export class CoursesModule {
  static readonly entities: readonly EntityClass[] = [Protocol, Screening, TreatmentCourse];
}
