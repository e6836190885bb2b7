import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

/** How often the "not built yet" page reloads itself, so an open tab shows the UI once a build lands. */
export const NOT_BUILT_RETRY_SECONDS = 2;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light dark">
<title>Seamlab: UI not built yet</title>
<!-- location.reload(), not <meta http-equiv="refresh">: a refresh to a URL with a fragment (#/status) is a
     same-document navigation in browsers, so it would never load the page again. -->
<script>setTimeout(() => location.reload(), ${NOT_BUILT_RETRY_SECONDS * 1000});</script>
</head>
<body>
<h1>The workbench UI is not built yet</h1>
<p>Run <code>npm run build</code> (<code>npm start</code> and <code>npm run serve</code> do this for you when the
sources changed). This page reloads by itself and shows the workbench as soon as the build is there; the server
does not need a restart.</p>
</body>
</html>
`;

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/**
 * Serves the built renderer (static files with SPA fallback), or a 503 page that reloads itself while there is no
 * build. The folder is looked up on every request rather than listed once at start-up: `electron-vite build`
 * empties out/renderer and writes new hashed file names, so a listing taken earlier would 404 the new build (and
 * point at deleted files) until a restart. sirv's per-request lookup (its `dev` mode) costs a stat or two per
 * request; with `etag` it answers `Cache-Control: no-cache`, so browsers revalidate and get 304s while nothing
 * changed.
 */
export function rendererHandler(staticDir: string | undefined): Handler {
  const files = staticDir ? sirv(staticDir, { single: true, dev: true, etag: true }) : undefined;
  const indexHtml = staticDir ? path.join(staticDir, 'index.html') : undefined;
  return (request, response) => {
    if (files && indexHtml && fs.existsSync(indexHtml)) {
      // A build running beside the server may delete a file between sirv's stat and its read. sirv pipes a read
      // stream without an error listener, which would crash the server: end that one response instead.
      response.on('pipe', (source) => source.on('error', () => response.destroy()));
      try {
        files(request, response, () => {
          response.writeHead(404).end('not found');
        });
        return;
      } catch (error) {
        if (response.headersSent) return void response.destroy();
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          response.end(`could not read the built UI: ${(error as Error).message}\n`);
          return;
        }
        // The folder was emptied under us: a build is under way, so answer as if it were not there yet.
      }
    }
    response.writeHead(503, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'retry-after': String(NOT_BUILT_RETRY_SECONDS),
    });
    response.end(NOT_BUILT_PAGE);
  };
}
