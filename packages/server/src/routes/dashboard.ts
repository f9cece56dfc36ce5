import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { ServerEnv } from '../server-deps.ts';

/** The dashboard's files, shipped beside `src` and `dist` in `dashboard/`. */
const asset = (name: string) => readFileSync(new URL(`../../dashboard/${name}`, import.meta.url), 'utf8');

/**
 * The dashboard page and its script. They hold no data and need no key (a browser cannot send
 * one when it opens a page); everything they show comes from the API with the operator key the
 * person enters.
 */
export function dashboardRoutes(app: Hono<ServerEnv>): void {
  const files = {
    html: asset('index.html'),
    js: asset('dashboard.js'),
    css: asset('dashboard.css'),
  };
  const headers = {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  };
  app.get('/', (c) => c.html(files.html, 200, headers));
  app.get('/dashboard.js', (c) =>
    c.body(files.js, 200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/dashboard.css', (c) =>
    c.body(files.css, 200, { ...headers, 'content-type': 'text/css; charset=utf-8' }),
  );
}
