import { Gauge, type Registry } from 'prom-client';
import { type PlatformQuota } from './platform-quota';

/**
 * The platform quota as every app sees it (the whole deployment's use, not the app's): calls counted
 * in the current window by priority, and the limit. Alike on every app, told apart by `service`.
 */
export function registerQuotaGauges(registry: Registry, quota: PlatformQuota): void {
  new Gauge({
    name: 'engage_quota_used_calls',
    help: 'Platform calls counted in the current quota window across the deployment, by priority',
    labelNames: ['priority'],
    registers: [registry],
    async collect() {
      const usage = await quota.usage();
      this.set({ priority: 'high' }, usage.high);
      this.set({ priority: 'low' }, usage.low);
    },
  });
  new Gauge({
    name: 'engage_quota_limit_calls',
    help: 'ENGAGE_QUOTA_CALLS: the platform calls the deployment may make in one quota window',
    registers: [registry],
    collect() {
      this.set(quota.limit);
    },
  });
}
