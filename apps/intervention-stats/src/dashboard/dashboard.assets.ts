import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface DashboardAsset {
  contentType: string;
  cacheControl: string;
  load(): Promise<string>;
}

const JAVASCRIPT = 'application/javascript; charset=utf-8';
/** Our own files change with a deploy: revalidate. Chart.js is pinned (package.json): keep a day. */
const OURS = 'no-cache';

/**
 * Chart.js's UMD build (defines window.Chart), read from node_modules: the package's `exports` map
 * does not list dist/ files, so the path is found from its main entry, which sits in dist/ too.
 */
export function chartJsUmdPath(): string {
  return join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/**
 * Our own assets are real files beside this one (`assets/`, linted as browser scripts; `nest build`
 * copies them next to the compiled code): read once, kept for the process's life.
 */
export const OWN_ASSETS_DIR = join(__dirname, 'assets');

const loaded = new Map<string, Promise<string>>();

function readOnce(path: string): Promise<string> {
  let text = loaded.get(path);
  if (text === undefined) {
    text = readFile(path, 'utf8').catch((error: unknown) => {
      loaded.delete(path);
      throw error;
    });
    loaded.set(path, text);
  }
  return text;
}

/** What GET /dashboard/assets/:name serves: a fixed list, never a path taken from the request. */
export const DASHBOARD_ASSETS: Readonly<Record<string, DashboardAsset>> = {
  'chart.umd.min.js': {
    contentType: JAVASCRIPT,
    cacheControl: 'public, max-age=86400',
    load: () => readOnce(chartJsUmdPath()),
  },
  'dashboard-lib.js': {
    contentType: JAVASCRIPT,
    cacheControl: OURS,
    load: () => readOnce(join(OWN_ASSETS_DIR, 'dashboard-lib.js')),
  },
  'dashboard-dom.js': {
    contentType: JAVASCRIPT,
    cacheControl: OURS,
    load: () => readOnce(join(OWN_ASSETS_DIR, 'dashboard-dom.js')),
  },
  'dashboard.js': {
    contentType: JAVASCRIPT,
    cacheControl: OURS,
    load: () => readOnce(join(OWN_ASSETS_DIR, 'dashboard.js')),
  },
  'thread.js': {
    contentType: JAVASCRIPT,
    cacheControl: OURS,
    load: () => readOnce(join(OWN_ASSETS_DIR, 'thread.js')),
  },
  'dashboard.css': {
    contentType: 'text/css; charset=utf-8',
    cacheControl: OURS,
    load: () => readOnce(join(OWN_ASSETS_DIR, 'dashboard.css')),
  },
};

export function dashboardAsset(name: string): DashboardAsset | undefined {
  return Object.hasOwn(DASHBOARD_ASSETS, name) ? DASHBOARD_ASSETS[name] : undefined;
}
