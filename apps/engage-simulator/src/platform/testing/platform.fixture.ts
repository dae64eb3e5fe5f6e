import { EngagePlatform, type PlatformOptions } from '../engage-platform.model';
import { sequentialIds } from '../id-generator';
import { walkthroughSeed } from '../platform-seed';
import { PlatformError } from '../platform.exception';

/** The walkthrough platform at a fixed time with sequential ids, for unit tests. */
export function walkthroughPlatform(options: Partial<PlatformOptions> = {}): EngagePlatform {
  return new EngagePlatform(
    () => new Date('2026-01-02T03:04:05.678Z'),
    sequentialIds(),
    { strictReplies: true, ...options },
    walkthroughSeed(),
  );
}

/** The PlatformError an action throws (fails the test if it throws nothing). */
export function refusal(action: () => unknown): PlatformError {
  try {
    action();
  } catch (error) {
    if (error instanceof PlatformError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a PlatformError');
}
