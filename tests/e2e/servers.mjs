// Real HTTP servers on loopback for the end-to-end suite. Nothing here talks
// to any address but 127.0.0.1 and ::1.
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";

/** `host` as a URL writes it: IPv6 in brackets. */
const inUrl = (host) => (host.includes(":") ? `[${host}]` : host);

/**
 * Starts `handler` on `host` (127.0.0.1, or ::1 for the IPv6 loopback only),
 * on an ephemeral port unless `port` is given.
 */
export async function serve(handler, port = 0, host = "127.0.0.1") {
  const server = createServer(handler);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    // ipv6Only: "::1" is one address anyway; said so the intent is plain.
    server.listen({ port, host, ipv6Only: host.includes(":") }, resolve);
  });
  const { port: bound } = server.address();
  return {
    port: bound,
    url: `http://${inUrl(host)}:${bound}`,
    // Browsers keep connections alive; close() alone would wait them out.
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

/**
 * A TCP server on `host` that resets every connection it accepted, once the
 * browser has sent its request on it: a filter that cuts the site off. A
 * reset at accept raced the browser's write, and Chromium then sometimes
 * reported a closed socket rather than a reset (a flaky CI run of session 8).
 */
export async function resetting(host = "127.0.0.1") {
  // The connections still waiting for a request: a browser may open one it
  // never uses (a preconnect), and close() would wait it out.
  const waiting = new Set();
  const server = createTcpServer((socket) => {
    waiting.add(socket);
    socket.once("close", () => waiting.delete(socket));
    socket.once("data", () => socket.resetAndDestroy());
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      for (const socket of waiting) socket.destroy();
    }),
  };
}

/** A port on 127.0.0.1 that nothing listens on: bound by us, then released. */
export async function closedPort() {
  const server = await serve(() => {});
  await server.close();
  return server.port;
}

/**
 * A port free on both 127.0.0.1 and ::1 whose next `next` ports are free
 * too (on both), for tests where a server moves to a neighbouring port.
 * Ports of the browsers' blocked list are never near an ephemeral port.
 */
export async function freePorts(next = 0) {
  for (let tries = 0; tries < 50; tries++) {
    const port = await closedPort();
    const all = Array.from({ length: next + 1 }, (_, i) => port + i);
    if (all.at(-1) > 65535) continue;
    const free = await Promise.all(all.flatMap((p) => [isFree(p, "127.0.0.1"), isFree(p, "::1")]));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`found no ${next + 1} free ports in a row`);
}

async function isFree(port, host) {
  try {
    const server = await serve(() => {}, port, host);
    await server.close();
    return true;
  } catch (problem) {
    // No ::1 on this machine: free in the only sense that matters.
    return problem.code === "EADDRNOTAVAIL";
  }
}

/** Whether this machine has the IPv6 loopback address (::1) to listen on. */
export async function hasIpv6Loopback() {
  try {
    const server = await serve(() => {}, 0, "::1");
    await server.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * A small site: a page, a download, a page framing a dead address, and
 * `/hang`, which never answers (`onHang` hears each request for it).
 */
export function site({ deadFrameUrl = "", onHang = () => {} } = {}) {
  return (request, response) => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    if (path === "/hang") {
      onHang();
      return;
    }
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

/**
 * An HTTPS server on 127.0.0.1 with a self-signed certificate made at test
 * time by `openssl` (null when it is not installed): the browser must reject
 * it with its own certificate warning. `tls` adds options of Node's TLS
 * server (e.g. `requestCert` for a site that wants a client certificate).
 */
export async function serveHttps(handler = site(), tls = {}) {
  const { execFileSync } = await import("node:child_process");
  const { mkdtemp, readFile, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { createServer: createHttpsServer } = await import("node:https");
  const dir = await mkdtemp(join(tmpdir(), "netwhy-cert-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  const server = createHttpsServer({
    key: await readFile(join(dir, "key.pem")),
    cert: await readFile(join(dir, "cert.pem")),
    ...tls,
  }, handler);
  await rm(dir, { recursive: true, force: true });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}
