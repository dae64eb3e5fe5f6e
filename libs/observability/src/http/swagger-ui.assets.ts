import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface SwaggerUiAsset {
  contentType: string;
  load(): Promise<Buffer>;
}

/**
 * swagger-ui-dist's files, found from its package.json (what its getAbsoluteFSPath returns) without
 * loading its index, which evaluates the whole browser bundle in Node.
 */
const DIST_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const FILES: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['favicon-16x16.png', 'image/png'],
  ['favicon-32x32.png', 'image/png'],
]);

const loaded = new Map<string, Promise<Buffer>>();

function readOnce(name: string): Promise<Buffer> {
  let content = loaded.get(name);
  if (content === undefined) {
    content = readFile(join(DIST_DIR, name)).catch((error: unknown) => {
      loaded.delete(name);
      throw error;
    });
    loaded.set(name, content);
  }
  return content;
}

/** The files of swagger-ui-dist the docs page loads: a fixed list, never a path taken from the request. */
export function swaggerUiAsset(name: string): SwaggerUiAsset | undefined {
  const contentType = FILES.get(name);
  return contentType === undefined ? undefined : { contentType, load: () => readOnce(name) };
}

export const SWAGGER_UI_ASSET_NAMES: readonly string[] = [...FILES.keys()];
