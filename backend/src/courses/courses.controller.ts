import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  CourseDto,
  ListResponse,
  PatientResponseDto,
  ProtocolDto,
  ScreeningDto,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { optionalIfMatch, setEtag } from '../common/http/etag';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { PaginationQuery } from '../common/validation/pagination.dto';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { CoursesService } from './courses.service';
import {
  CoursePhaseDto,
  CreateCourseDto,
  CreateProtocolDto,
  CreateScreeningDto,
  EndCourseDto,
  ProtocolsQuery,
  ResponseQuery,
} from './dto/course.dto';
import { ProtocolsService } from './protocols.service';
import { ScreeningsService } from './screenings.service';

/** API.md "v2 additions > Treatment courses": protocols, screenings and courses (CLINICAL.md s8, s9). */
@ApiTags('treatment courses')
@UseInterceptors(IdempotencyInterceptor)
@Controller()
export class CoursesController {
  constructor(
    private readonly protocols: ProtocolsService,
    private readonly screenings: ScreeningsService,
    private readonly courses: CoursesService,
  ) {}

  /** The built-in templates of CLINICAL.md s8 and the clinic's own protocols. */
  @Get('protocols')
  @Allow('psychiatrist', 'nurse', 'manager')
  listProtocols(
    @CurrentActor() actor: Actor,
    @Query() query: ProtocolsQuery,
  ): Promise<ListResponse<ProtocolDto>> {
    return this.protocols.list(actor, query.clinicId);
  }

  /** A clinic's protocol (a copy of a template or new); impossible numbers are 400 naming the field. */
  @Post('protocols')
  @HttpCode(201)
  @Allow('psychiatrist', 'manager')
  createProtocol(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateProtocolDto,
  ): Promise<ProtocolDto> {
    return this.protocols.create(actor, dto);
  }

  /** The screening before a course (CLINICAL.md s9), classified by the server. */
  @Post('patients/:id/screenings')
  @HttpCode(201)
  @Allow('psychiatrist')
  createScreening(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: CreateScreeningDto,
  ): Promise<ScreeningDto> {
    return this.screenings.create(actor, id, dto);
  }

  /** Newest first. */
  @Get('patients/:id/screenings')
  @Allow('psychiatrist', 'nurse', 'manager')
  listScreenings(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<ScreeningDto>> {
    return this.screenings.list(actor, id, query);
  }

  /** Starts a course: 422 with an active course, a screening not valid, or a contraindication without an override reason. */
  @Post('patients/:id/courses')
  @HttpCode(201)
  @Allow('psychiatrist')
  async createCourse(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: CreateCourseDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CourseDto> {
    const course = await this.courses.create(actor, id, dto);
    setEtag(res, course.version);
    return course;
  }

  /** Newest first. */
  @Get('patients/:id/courses')
  @Allow('psychiatrist', 'nurse', 'manager')
  listCourses(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<CourseDto>> {
    return this.courses.list(actor, id, query);
  }

  /**
   * The 24-72 h response of one course (CLINICAL.md s5 v2), the latest by default. Here rather than
   * in assessments/ because it reads the courses, and courses/ already reads assessments/.
   */
  @Get('patients/:id/response')
  @Allow('psychiatrist', 'nurse', 'manager')
  response(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: ResponseQuery,
  ): Promise<PatientResponseDto> {
    return this.courses.response(actor, id, query.courseId);
  }

  @Get('courses/:id')
  @Allow('psychiatrist', 'nurse', 'manager')
  async getCourse(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CourseDto> {
    const course = await this.courses.get(actor, id);
    setEtag(res, course.version);
    return course;
  }

  /** Induction -> maintenance; a reason is required before the induction count is reached. */
  @Post('courses/:id/phase')
  @HttpCode(200)
  @Allow('psychiatrist')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The course version (stale: 412)' })
  async phase(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: CoursePhaseDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CourseDto> {
    const course = await this.courses.phase(actor, id, dto, optionalIfMatch(ifMatch));
    setEtag(res, course.version);
    return course;
  }

  @Post('courses/:id/end')
  @HttpCode(200)
  @Allow('psychiatrist')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The course version (stale: 412)' })
  async end(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: EndCourseDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CourseDto> {
    const course = await this.courses.end(actor, id, dto, optionalIfMatch(ifMatch));
    setEtag(res, course.version);
    return course;
  }
}
