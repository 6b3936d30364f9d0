import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { UUID_PATTERN } from '../ids';

/** Path ids must be UUIDs: anything else is a 400 naming the parameter, never a database error. */
export class UuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly name = 'id') {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) {
      throw new BadRequestException([`${this.name} must be a UUID`]);
    }
    return value.toLowerCase();
  }
}
