// Web mode: the built renderer at /, its /assets/*, and index.html for client-side routes; all under a strict CSP.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import type { ServerEnv } from './server-env';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>harombe</title></head>
<body>
<h1>harombe's web UI is not built</h1>
<p>Run <code>npm run build</code> in the harombe folder, then start the server again.</p>
<p>The API is running meanwhile: <code>curl http://127.0.0.1:8000/health</code></p>
</body>
</html>
`;

/** A real file inside root (symlinks resolved), or undefined: nothing outside the build folder is ever served. */
async function fileInside(root: string, requestPath: string): Promise<string | undefined> {
  if (requestPath.includes('\0')) return undefined;
  const candidate = resolve(root, `.${requestPath}`);
  try {
    const real = await realpath(candidate);
    const realRoot = await realpath(root);
    if (!real.startsWith(realRoot + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function page(c: Context<ServerEnv>, body: string | Uint8Array, contentType: string, status: 200 | 404 = 200): Response {
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Frame-Options', 'DENY');
  c.header('Content-Type', contentType);
  return c.body(body as string, status);
}

/** Serves GETs for paths that are not API endpoints. */
export function webUiHandler(root: string) {
  return async (c: Context<ServerEnv>): Promise<Response> => {
    const indexFile = await fileInside(root, '/index.html');
    if (!indexFile) return page(c, NOT_BUILT_PAGE, 'text/html; charset=utf-8');
    const path = c.req.path;
    if (path !== '/') {
      const file = await fileInside(root, path);
      if (file) {
        // Vite names assets by content hash: they never change under the same name.
        c.header('Cache-Control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        return page(c, await readFile(file), contentTypeFor(file));
      }
      // A missing file is a 404; any other path is a client-side route the app itself resolves.
      if (path.startsWith('/assets/') || extname(path) !== '') return page(c, 'Not found\n', 'text/plain; charset=utf-8', 404);
    }
    c.header('Cache-Control', 'no-cache');
    return page(c, await readFile(indexFile), 'text/html; charset=utf-8');
  };
}
