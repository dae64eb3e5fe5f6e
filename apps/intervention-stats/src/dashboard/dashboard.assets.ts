import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DASHBOARD_APP_SCRIPT } from './page/dashboard-app.script';
import { DASHBOARD_LIB_SCRIPT } from './page/dashboard-lib.script';
import { DASHBOARD_CSS } from './page/dashboard.style';

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

let chartJs: Promise<string> | undefined;

/** What GET /dashboard/assets/:name serves: a fixed list, never a path taken from the request. */
export const DASHBOARD_ASSETS: Readonly<Record<string, DashboardAsset>> = {
  'chart.umd.min.js': {
    contentType: JAVASCRIPT,
    cacheControl: 'public, max-age=86400',
    load: () => {
      chartJs ??= readFile(chartJsUmdPath(), 'utf8').catch((error: unknown) => {
        chartJs = undefined;
        throw error;
      });
      return chartJs;
    },
  },
  'dashboard-lib.js': {
    contentType: JAVASCRIPT,
    cacheControl: OURS,
    load: () => Promise.resolve(DASHBOARD_LIB_SCRIPT),
  },
  'dashboard.js': {
    contentType: JAVASCRIPT,
    cacheControl: OURS,
    load: () => Promise.resolve(DASHBOARD_APP_SCRIPT),
  },
  'dashboard.css': {
    contentType: 'text/css; charset=utf-8',
    cacheControl: OURS,
    load: () => Promise.resolve(DASHBOARD_CSS),
  },
};

export function dashboardAsset(name: string): DashboardAsset | undefined {
  return Object.hasOwn(DASHBOARD_ASSETS, name) ? DASHBOARD_ASSETS[name] : undefined;
}
