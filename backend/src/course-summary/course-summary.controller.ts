import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CourseSummaryDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { CourseSummaryService } from './course-summary.service';
import { CourseSummaryQuery } from './dto/course-summary.dto';

/** API.md "REMS and printing (v2)": the data of the printable course summary. */
@ApiTags('treatment courses')
@Controller()
export class CourseSummaryController {
  constructor(private readonly summaries: CourseSummaryService) {}

  /** One course of the patient (default the latest): 404 for another patient's course. */
  @Get('patients/:id/course-summary')
  @Allow('psychiatrist', 'nurse', 'manager')
  @ApiOkResponse({
    description:
      'Patient, clinic, course with protocol and screening, sessions, PHQ-9s against the course baseline, response, side effects and flags; records entered in error left out',
  })
  @ApiNotFoundResponse({
    description:
      "Unknown patient or a patient of another clinic; a course not the patient's; a patient without a course",
  })
  summary(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: CourseSummaryQuery,
  ): Promise<CourseSummaryDto> {
    return this.summaries.summary(actor, id, query.courseId);
  }
}
