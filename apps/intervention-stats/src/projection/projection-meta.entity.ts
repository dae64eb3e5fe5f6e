import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The definitions' version the projection was built with (see docs/metrics.md, "Versions"). */
@Entity({ name: 'projection_meta' })
export class ProjectionMeta {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'int' })
  version!: number;
}
