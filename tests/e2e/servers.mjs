// Real HTTP servers on loopback for the end-to-end suite. Nothing here talks
// to any address but 127.0.0.1.
import { createServer } from "node:http";

/** Starts `handler` on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function serve(handler, port = 0) {
  const server = createServer(handler);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address();
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    // Browsers keep connections alive; close() alone would wait them out.
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

/** A port on 127.0.0.1 that nothing listens on: bound by us, then released. */
export async function closedPort() {
  const server = await serve(() => {});
  await server.close();
  return server.port;
}

/** A small site: a page, a download, and a page framing a dead address. */
export function site({ deadFrameUrl = "" } = {}) {
  return (request, response) => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    if (path === "/download") {
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-disposition": 'attachment; filename="report.bin"',
      });
      response.end("not a page");
      return;
    }
    const body = path === "/framed"
      ? `<iframe src="${deadFrameUrl}"></iframe><p id="marker">framed page</p>`
      : `<a id="download" href="/download">download</a><p id="marker">served page</p>`;
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><title>served</title>${body}`);
  };
}
