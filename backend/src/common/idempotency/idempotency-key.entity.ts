import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';

/** A write's Idempotency-Key: its request hash and first response, kept at least 24 h. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn({ type: UUID }) userId: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) key: string;
  @Column({ type: 'varchar', length: 8 }) method: string;
  @Column({ type: 'varchar', length: 300 }) path: string;
  @Column({ type: 'varchar', length: 64 }) requestHash: string;
  @Column({ type: 'integer' }) status: number;
  @Column({ type: 'text' }) response: string;
  @Column({ type: TIMESTAMP }) createdAt: Date;
}
