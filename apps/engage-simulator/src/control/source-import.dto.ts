import { IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { type SourceImportKind } from '../platform/contents.model';
import { CONTENT_STATUSES, type ContentStatus } from '../platform/platform.types';
import { HEX_ID } from './control.dto';

/** Something the source publishes by itself: a post on the brand's page, the chat's welcome message. */
export class SourceImportDto {
  @Matches(HEX_ID)
  source_id!: string;

  /** Absent: a new thread (for a welcome message, the chat's new conversation). */
  @IsOptional()
  @Matches(HEX_ID)
  thread_id?: string;

  @IsIn(['brand_post', 'welcome_message'])
  kind!: SourceImportKind;

  @IsString()
  @IsNotEmpty()
  body!: string;

  @IsOptional()
  @IsIn(CONTENT_STATUSES)
  status?: ContentStatus;
}
