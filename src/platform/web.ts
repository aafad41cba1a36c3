// Serves the built web app (web/dist) at `/`, with a fallback to index.html for
// the app's own paths so that a reload of /cases/… works. /api stays the API's:
// its unknown paths keep answering problem+json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyContextConfig, FastifyReply } from 'fastify';
import { API_PREFIX, type App } from './http.js';

/** The folder `npm run build:web` writes to. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Strict: only our own files; no inline script or style; never framed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // a name too long, a file where a folder was expected…
  }
}

const NOT_BUILT = `Lantern: the web app has not been built.

Run   npm run build:web   (npm ci does it for you), then reload this page.
The API is available under ${API_PREFIX} (description: ${API_PREFIX}/openapi.json).
`;

/** Registers the web app routes: files of `root`, else index.html for non-API paths. */
export async function webRoutes(
  app: App,
  access: FastifyContextConfig['access'],
  root: string = WEB_DIST,
): Promise<void> {
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { config: { access }, schema: { hide: true } }, async (request, reply) => {
    const urlPath = request.url.split('?')[0]!;
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return reply.callNotFound();
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      return secure(reply).status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    }
    let relative: string;
    try {
      relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
    } catch {
      return reply.callNotFound(); // malformed percent-encoding names no file
    }
    // A control character (a NUL above all, which the file system refuses) or a
    // backslash names no file of ours.
    if (/[\u0000-\u001f\u007f\\]/.test(relative)) return reply.callNotFound();
    const file = path.resolve(root, relative);
    const inside = file.startsWith(root + path.sep);
    if (inside && relative !== '' && !relative.split('/').some((s) => s.startsWith('.')) && isFile(file)) {
      // Built assets carry a content hash in their names: cache them for good.
      const immutable = relative.startsWith('assets/');
      return secure(reply).sendFile(relative, {
        maxAge: immutable ? 365 * 86_400_000 : 0,
        immutable,
        cacheControl: true,
      });
    }
    // A missing asset is a 404, not the app's HTML (a wrong script type would only confuse).
    if (relative.startsWith('assets/') || /\.[a-z0-9]{1,8}$/i.test(relative)) return reply.callNotFound();
    return secure(reply).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}
