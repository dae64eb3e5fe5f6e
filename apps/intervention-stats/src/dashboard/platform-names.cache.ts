import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

export const PLATFORM_NAMES = Symbol('PLATFORM_NAMES');

export interface NamedId {
  id: string;
  name: string;
}

/** What RCED calls its sources and categories (ids in its creation order). */
export interface PlatformNames {
  sources: NamedId[];
  categories: NamedId[];
}

/** What GET /dashboard/names answers: never waits for RCED. */
export interface PlatformNamesView extends PlatformNames {
  /** ENGAGE_BASE_URL and ENGAGE_API_TOKEN are set: names are fetched from RCED. */
  configured: boolean;
  /** When the names shown were fetched; null until a first fetch succeeds. */
  refreshed_at: string | null;
  /** Why the latest fetch failed (the names shown are then the previous ones), or null. */
  problem: string | null;
}

export interface PlatformNamesOptions {
  /** How long fetched names are used before they are fetched again. */
  refreshMs: number;
  /** How long after a failed fetch the next one is tried. */
  retryMs: number;
  clock: () => Date;
}

export const PLATFORM_NAMES_DEFAULTS: Omit<PlatformNamesOptions, 'clock'> = {
  refreshMs: 10 * 60_000,
  retryMs: 60_000,
};

/**
 * The names of RCED's sources and categories, for display only: fetched when due (at start, then
 * when read after `refreshMs`), in the background. A reader gets what is known at once; a failed
 * fetch keeps the previous names (served stale) and is retried after `retryMs`. `load` is null when
 * RCED is not configured: the page then shows ids.
 */
export class PlatformNamesCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PlatformNames');
  private names: PlatformNames = { sources: [], categories: [] };
  private refreshedAt: Date | null = null;
  private problem: string | null = null;
  private dueAt = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly load: (() => Promise<PlatformNames>) | null,
    private readonly options: PlatformNamesOptions,
  ) {}

  onApplicationBootstrap(): void {
    void this.refreshIfDue();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.inFlight;
  }

  view(): PlatformNamesView {
    // Never awaited: a reader gets what is known now; the fetch settles its own failure.
    void this.refreshIfDue();
    return {
      configured: this.load !== null,
      ...this.names,
      refreshed_at: this.refreshedAt?.toISOString() ?? null,
      problem: this.problem,
    };
  }

  /** The fetch under way or just started (resolved at once when none is due or RCED is not configured). */
  refreshIfDue(): Promise<void> {
    if (this.inFlight !== null) {
      return this.inFlight;
    }
    if (this.load === null || this.options.clock().getTime() < this.dueAt) {
      return Promise.resolve();
    }
    this.inFlight = this.refresh(this.load).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async refresh(load: () => Promise<PlatformNames>): Promise<void> {
    try {
      this.names = await load();
      this.refreshedAt = this.options.clock();
      this.problem = null;
      this.dueAt = this.refreshedAt.getTime() + this.options.refreshMs;
    } catch (error) {
      // EngageApiError's message names the endpoint and status only, never the token.
      this.problem = error instanceof Error ? error.message : String(error);
      this.dueAt = this.options.clock().getTime() + this.options.retryMs;
      this.logger.warn(`Source and category names not refreshed (ids or older names shown): ${this.problem}`);
    }
  }
}
