import { Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { BoardEventDto } from '@clinic/shared';
import { Db } from '../database/db.service';

/**
 * Live-board events inside this API instance: published after the unit of work commits, carried to
 * every /board/stream subscriber of the clinic. Events hold ids only; clients reload the board.
 */
@Injectable()
export class BoardEvents {
  private readonly subject = new Subject<BoardEventDto>();
  readonly events$: Observable<BoardEventDto> = this.subject.asObservable();

  constructor(private readonly db: Db) {}

  publish(event: Omit<BoardEventDto, 'at'>): void {
    this.db.afterCommit(() => this.subject.next({ ...event, at: new Date().toISOString() }));
  }
}
