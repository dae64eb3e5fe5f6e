import { type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyServerOptions } from 'fastify';
import { Logger } from 'nestjs-pino';
import { hardenHttp, type HttpServerSettings, httpServerOptions } from './http-hardening';

/**
 * Every app as production runs it (main.ts, tests, replay): Fastify with the hardened HTTP settings
 * and pino as Nest's logger. What an app adds (routes' hooks, API docs) it adds to the result.
 */
export async function createServiceApp(
  module: DynamicModule,
  http: HttpServerSettings,
  options: { bodyLimit?: FastifyServerOptions['bodyLimit']; bodyParser?: boolean } = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter(
      httpServerOptions(http, options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ),
    { bufferLogs: true, ...(options.bodyParser === false ? { bodyParser: false } : {}) },
  );
  hardenHttp(app, http);
  app.useLogger(app.get(Logger));
  return app;
}
