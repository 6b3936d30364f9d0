import { Controller, Get, HttpCode, type MessageEvent, Post, Query, Sse } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { filter, from, interval, map, merge, type Observable, switchMap, takeUntil } from 'rxjs';
import type { BoardDto, BoardTicketDto } from '@clinic/shared';
import { AuthService } from '../auth/auth.service';
import type { Actor } from '../common/auth/actor';
import { Allow, AllowWithTicket } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { BoardEvents } from '../realtime/board-events.service';
import { BoardService } from './board.service';
import { BoardQuery, BoardStreamQuery } from './dto/board-query.dto';

/** Keeps proxies from closing an idle stream, and ends it when the sign-in session ends. */
const HEARTBEAT_MS = 15_000;

@ApiTags('board')
@Controller('board')
export class BoardController {
  constructor(
    private readonly board: BoardService,
    private readonly events: BoardEvents,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @Allow('psychiatrist', 'nurse', 'manager')
  get(@CurrentActor() actor: Actor, @Query() query: BoardQuery): Promise<BoardDto> {
    return this.board.board(actor, query.clinicId);
  }

  /** A single-use ticket (60 s) for GET /board/stream from a browser EventSource. */
  @Post('tickets')
  @HttpCode(201)
  @Allow('psychiatrist', 'nurse', 'manager')
  ticket(@CurrentActor() actor: Actor): Promise<BoardTicketDto> {
    return this.auth.issueStreamTicket(actor);
  }

  /** Server-Sent Events: `board` events (ids only) for each observation, flag, discharge... in the clinic. */
  @Sse('stream')
  @AllowWithTicket('psychiatrist', 'nurse', 'manager')
  @ApiProduces('text/event-stream')
  async stream(
    @CurrentActor() actor: Actor,
    @Query() query: BoardStreamQuery,
  ): Promise<Observable<MessageEvent>> {
    const clinicIds = new Set(await this.board.streamScope(actor, query.clinicId));
    const events = this.events.events$.pipe(
      filter((event) => clinicIds.has(event.clinicId)),
      map((event): MessageEvent => ({ type: 'board', data: event })),
    );
    const sessionEnded = interval(HEARTBEAT_MS).pipe(
      switchMap(() => from(this.auth.isSessionActive(actor.sessionId))),
      filter((active) => !active),
    );
    const pings = interval(HEARTBEAT_MS).pipe(
      map((): MessageEvent => ({ type: 'ping', data: { at: new Date().toISOString() } })),
    );
    return merge(events, pings).pipe(takeUntil(sessionEnded));
  }
}
