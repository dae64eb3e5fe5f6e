import { type DashboardEmergencyRequest } from './dashboard-emergency.request';

/**
 * The header naming who the admin token is used for: the gateway records the actor as
 * `<admin token name>:<X-Acting-For>`, so the body carries no actor.
 */
export const ACTING_FOR_HEADER = 'x-acting-for';

/** The gateway's 202 answer to POST /admin/emergency. */
export interface EmergencySwitchAccepted {
  command_id: string;
  active: boolean;
  source_ids: string[] | null;
  issued_at: string;
}

export type GatewayAnswer =
  | { kind: 'accepted'; accepted: EmergencySwitchAccepted }
  /** 502: the gateway refused or failed; 504: it did not answer in time. */
  | { kind: 'failed'; status: 502 | 504; message: string };

export interface GatewayAdminOptions {
  url: string;
  token: string;
  timeoutMs: number;
}

type Fetch = typeof fetch;

/**
 * The gateway's admin API, called server-side: the token stays in this process. Nothing here
 * logs or returns the token; an error names the gateway by its origin only.
 */
export class GatewayAdminClient {
  private readonly endpoint: string;
  private readonly origin: string;

  constructor(
    private readonly options: GatewayAdminOptions,
    private readonly fetchFn: Fetch = fetch,
  ) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/admin/emergency`;
    this.origin = new URL(options.url).origin;
  }

  /** `actingFor`: the signed-in supervisor's name (SUPERVISOR_NAME, as X-Acting-For allows). */
  async switchEmergency(request: DashboardEmergencyRequest, actingFor: string): Promise<GatewayAnswer> {
    let response: Response;
    try {
      response = await this.fetchFn(this.endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          [ACTING_FOR_HEADER]: actingFor,
        },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      return unreachable(this.origin, this.options.timeoutMs, error);
    }
    const text = await response.text().catch(() => '');
    return interpretGatewayAnswer(response.status, parseJson(text), this.origin);
  }
}

/** Pure: the gateway's answer, as what the dashboard tells its user. */
export function interpretGatewayAnswer(status: number, body: unknown, origin: string): GatewayAnswer {
  const said = messageOf(body);
  if (status === 202 && isAccepted(body)) {
    return { kind: 'accepted', accepted: body };
  }
  const failed = (message: string): GatewayAnswer => ({ kind: 'failed', status: 502, message });
  switch (status) {
    case 400:
      return failed(`The gateway refused the switch: ${said ?? 'bad request'}`);
    case 401:
    case 403:
      return failed(
        `The gateway at ${origin} refused the admin token: GATEWAY_ADMIN_TOKEN of intervention-stats differs from the gateway's`,
      );
    case 404:
      return failed(
        `The gateway at ${origin} has no admin API: set GATEWAY_ADMIN_TOKEN on the gateway (POST /admin/emergency is mounted only then)`,
      );
    default:
      return failed(
        `The gateway at ${origin} answered HTTP ${status}${said ? `: ${said}` : ''}; the switch may not have been made`,
      );
  }
}

function unreachable(origin: string, timeoutMs: number, error: unknown): GatewayAnswer {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return {
      kind: 'failed',
      status: 504,
      message: `The gateway at ${origin} did not answer within ${timeoutMs} ms; the switch may or may not have been made`,
    };
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'error';
  return { kind: 'failed', status: 502, message: `The gateway at ${origin} is unreachable (${code})` };
}

function isAccepted(body: unknown): body is EmergencySwitchAccepted {
  const value = body as Partial<EmergencySwitchAccepted> | null;
  return typeof value?.command_id === 'string' && typeof value.active === 'boolean';
}

function messageOf(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message === 'string') {
    return message.slice(0, 500);
  }
  return Array.isArray(message) ? message.map(String).join('; ').slice(0, 500) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
