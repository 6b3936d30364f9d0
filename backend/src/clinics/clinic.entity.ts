import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

@Entity('clinics')
export class Clinic {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** IANA time zone, e.g. Europe/London: used to show local times; everything is stored in UTC. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
