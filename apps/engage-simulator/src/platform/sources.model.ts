import { type PlatformContext } from './platform-context';
import { type SourceRecord } from './platform.types';

export interface SourceUpdate {
  name?: string;
  active?: boolean;
  default_category_ids?: string[];
  user_thread_default_category_ids?: string[];
}

/** SPEC updateSource: the given attributes change; categories must exist (422 otherwise). */
export class SourcesModel {
  constructor(private readonly ctx: PlatformContext) {}

  update(sourceId: string, update: SourceUpdate): SourceRecord {
    const state = this.ctx.state;
    const source = state.source(sourceId);
    const defaults = update.default_category_ids && state.knownCategories(update.default_category_ids);
    const userDefaults =
      update.user_thread_default_category_ids &&
      state.knownCategories(update.user_thread_default_category_ids);
    Object.assign(source, {
      ...(update.name !== undefined ? { name: update.name } : {}),
      ...(update.active !== undefined ? { active: update.active } : {}),
      ...(defaults ? { default_category_ids: defaults } : {}),
      ...(userDefaults ? { user_thread_default_category_ids: userDefaults } : {}),
      updated_at: this.ctx.now(),
    });
    return source;
  }
}
