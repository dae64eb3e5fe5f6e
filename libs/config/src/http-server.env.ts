import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { ToInt } from './env-transforms.util';

/**
 * What every app's HTTP server reads besides its public PORT and HOST (see libs/observability,
 * `hardenHttp`). The timeouts bound what a slow or silent client can hold: a request whose headers
 * or whole body have not arrived in time is answered 408 and its connection closed.
 */
export class HttpServerEnv {
  /** The port of /metrics and /admin/* (and /health again). Unset: the app's public port + 6000. */
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  INTERNAL_PORT?: number = undefined;

  /** Loopback by default: scrape and admin traffic comes from the same host or a private network. */
  @IsString()
  @IsNotEmpty()
  INTERNAL_HOST: string = '127.0.0.1';

  /** Request line and headers must have arrived within this time (Node's headersTimeout). */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS: number = 10_000;

  /** The whole request, body included, must have arrived within this time (Fastify's requestTimeout). */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS: number = 30_000;

  /**
   * A socket without any traffic this long is closed, also while a handler works: keep it above
   * the slowest answer (the gateway's KAFKA_ACK_TIMEOUT_MS, at most 120 s) and the keep-alive
   * timeout. Fastify's connectionTimeout.
   */
  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  HTTP_CONNECTION_TIMEOUT_MS: number = 130_000;

  /** An idle keep-alive connection is closed after this (longer than a load balancer's 60 s idle time). */
  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number = 72_000;

  /** Deepest nesting of arrays and objects a JSON body may have; deeper bodies get 400 before parsing. */
  @ToInt()
  @IsInt()
  @Min(8)
  @Max(1_000)
  HTTP_JSON_MAX_DEPTH: number = 64;
}
