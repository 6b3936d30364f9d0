import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Injectable } from '@nestjs/common';

/**
 * This API instance, as other instances see it: the origin of its live-board events on Redis and
 * the runner named in scheduler_runs. Host name, process id and a random part (two applications in
 * one process never share it). Carries no patient data.
 */
@Injectable()
export class Instance {
  readonly id = `${os.hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
