import { ApiProperty } from '@nestjs/swagger';
import { type NamedId, type PlatformNamesView } from './platform-names.cache';

/** An RCED source or category and its name (a subcategory's reads `Parent › Child`). */
export class NamedIdResponse implements NamedId {
  @ApiProperty({ description: 'RCED id' })
  id!: string;

  @ApiProperty()
  name!: string;
}

/** GET /dashboard/names: what is known now, never waiting for RCED. */
export class DashboardNamesResponse implements PlatformNamesView {
  @ApiProperty({
    description:
      'ENGAGE_BASE_URL and ENGAGE_API_TOKEN are set: the names are fetched from RCED (else ids are shown)',
  })
  configured!: boolean;

  @ApiProperty({ type: [NamedIdResponse], description: 'GET /1.0/content_sources, in its order' })
  sources!: NamedIdResponse[];

  @ApiProperty({ type: [NamedIdResponse], description: 'GET /1.0/categories, in its order' })
  categories!: NamedIdResponse[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when the names were fetched; null until a first fetch succeeds',
  })
  refreshed_at!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'why the latest fetch failed (the names are then older ones), or null',
  })
  problem!: string | null;
}
