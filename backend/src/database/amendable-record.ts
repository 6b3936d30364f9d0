import { Column } from 'typeorm';
import { TIMESTAMP, UUID } from './column-types';

/**
 * A clinical record that is never deleted (API.md): marked entered in error instead, with who, when
 * and why. Marked records stay in history and drop out of scores, charts, flags and outcomes.
 */
export abstract class AmendableRecord {
  @Column({ type: TIMESTAMP, nullable: true })
  enteredInErrorAt?: Date | null;

  @Column({ type: UUID, nullable: true })
  enteredInErrorBy?: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  enteredInErrorReason?: string | null;
}
