import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { type RouteInfo } from '@nestjs/common/interfaces';
import { LoggerModule } from 'nestjs-pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { MetricsHttpController } from './metrics.http.controller';
import { METRICS_REGISTRY } from './metrics-registry';
import { REDACTED_PATHS, pathOnly } from './redaction';

export interface ObservabilityOptions {
  service: string;
  logLevel: string;
  /** Hot routes the HTTP logger skips; the app logs their outcome itself, more cheaply. */
  quietRoutes?: RouteInfo[];
}

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
}

/** JSON logs (pino) with secrets redacted, and a Prometheus registry served at GET /metrics. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.service });
    collectDefaultMetrics({ register: registry });
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
          exclude: options.quietRoutes ?? [],
          pinoHttp: {
            level: options.logLevel,
            base: { service: options.service },
            redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
            // Accepted requests are the bulk of traffic: logged at debug; refusals and failures stand out.
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
            serializers: {
              req: (req: LoggedRequest) => ({ id: req.id, method: req.method, url: pathOnly(req.url) }),
            },
          },
        }),
      ],
      controllers: [MetricsHttpController],
      providers: [{ provide: METRICS_REGISTRY, useValue: registry }],
      exports: [METRICS_REGISTRY],
    };
  }
}
