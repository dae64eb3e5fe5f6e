import { Counter, type Registry } from 'prom-client';
import { EngageApiErrorCode, type EngageApiError } from './engage-api.exception';

const NAME = 'engage_api_requests_total';

export type EngageRequestCounter = Counter<'endpoint' | 'outcome'>;

/** One count per HTTP attempt, retries included: that is what Engage's 500 requests/minute budget counts. */
export function engageRequestCounter(registry: Registry): EngageRequestCounter {
  const existing = registry.getSingleMetric(NAME);
  if (existing) {
    return existing as EngageRequestCounter;
  }
  return new Counter({
    name: NAME,
    help: 'HTTP requests sent to the Engage Digital REST API, by endpoint template and outcome',
    labelNames: ['endpoint', 'outcome'],
    registers: [registry],
  });
}

/** ok, the exact 4xx status, 5xx, timeout, network or invalid_response: bounded label values. */
export function outcomeOf(error?: EngageApiError): string {
  if (!error) {
    return 'ok';
  }
  switch (error.code) {
    case EngageApiErrorCode.RateLimited:
    case EngageApiErrorCode.ClientError:
      return String(error.status);
    case EngageApiErrorCode.ServerError:
      return '5xx';
    case EngageApiErrorCode.Timeout:
      return 'timeout';
    case EngageApiErrorCode.NetworkError:
      return 'network';
    case EngageApiErrorCode.InvalidResponse:
      return 'invalid_response';
    default: {
      const unknownCode: never = error.code;
      return String(unknownCode);
    }
  }
}
