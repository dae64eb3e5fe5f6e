import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { serveOnInternalPort } from './http-hardening';
import { refuseRequest } from './refuse-request.util';
import { swaggerUiAsset } from './swagger-ui.assets';
import {
  API_DOCS_CSP,
  SWAGGER_INITIALIZER,
  SWAGGER_INITIALIZER_FILE,
  swaggerUiPage,
} from './swagger-ui.page';

const DOCS = '/docs';
const JSON_TYPE = 'application/json; charset=utf-8';
/** swagger-ui-dist is pinned by @nestjs/swagger: its files change only with a dependency bump. */
const DIST_CACHE = 'public, max-age=86400';

/**
 * An app's OpenAPI document and Swagger UI, served without @fastify/static (ADR 0001):
 * - GET /docs: Swagger UI to a browser (its Accept names text/html), the JSON document to anyone else;
 * - GET /docs/json and /docs/yaml: the document;
 * - GET /docs/<file>: the page's initializer and the few files of swagger-ui-dist it loads, 404 otherwise.
 * `internal`: on the internal port only, as /admin/* (the gateway's public port faces RCED).
 */
export function serveApiDocs(
  app: NestFastifyApplication,
  document: OpenAPIObject,
  options: { port: 'public' | 'internal' },
): void {
  if (options.port === 'internal') {
    serveOnInternalPort(app, DOCS);
  }
  SwaggerModule.setup('docs', app, document, {
    ui: false,
    jsonDocumentUrl: 'docs/json',
    yamlDocumentUrl: 'docs/yaml',
  });
  const json = JSON.stringify(document);
  const page = swaggerUiPage(document.info.title);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(DOCS, async (request, reply) => {
    void reply.header('vary', 'accept');
    return wantsHtml(request) ? sendPage(reply, page) : reply.type(JSON_TYPE).send(json);
  });
  fastify.get<{ Params: { file: string } }>(`${DOCS}/:file`, async (request, reply) => {
    const { file } = request.params;
    if (file === '') {
      // From /docs/, the page's relative URLs would miss: the page is at /docs.
      return reply.code(301).header('location', '../docs').send();
    }
    if (file === SWAGGER_INITIALIZER_FILE) {
      return reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(SWAGGER_INITIALIZER);
    }
    const asset = swaggerUiAsset(file);
    if (asset === undefined) {
      return refuseRequest(reply, 404, 'Not Found', 'No such file of the API docs');
    }
    return reply
      .type(asset.contentType)
      .header('cache-control', DIST_CACHE)
      .send(await asset.load());
  });
}

function wantsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(request.headers.accept ?? '');
}

function sendPage(reply: FastifyReply, page: string): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', API_DOCS_CSP)
    .header('cache-control', 'no-cache')
    .header('referrer-policy', 'same-origin')
    .send(page);
}
