// What the automatic re-check sends (PRIVACY.md, "Which requests NetWhy
// makes"): a HEAD request for the failed site's root, never the address's
// path or query, with no cookies, no referrer and no origin; the page load it
// leads to is an ordinary one, of the whole address, that does carry the
// site's cookie (so the cookie was there to send). The probes of other
// loopback ports (issue 11) send as little.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browsers.mjs";
import { openFailing } from "./page.mjs";
import { closedPort, freePorts, serve } from "./servers.mjs";

const COOKIE = "netwhy_test=private";

/** A site that sets a cookie for 127.0.0.1 (cookies ignore the port) and logs every request. */
function cookieSite(requests) {
  return (request, response) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "set-cookie": `${COOKIE}; Path=/` });
    response.end('<!doctype html><title>served</title><p id="marker">served page</p>');
  };
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: what a re-check sends`, () => {
    let browser;
    const servers = [];
    before(async () => {
      browser = await launch(kind);
    });
    after(async () => {
      for (const server of servers) await server.close();
      await browser?.close();
    });

    it("a HEAD for the site's root, without path, query, cookies, referrer or origin", async () => {
      // The site's cookie, set by an ordinary visit to another port of the same host.
      const first = await serve(cookieSite([]));
      servers.push(first);
      const visit = await browser.newTab();
      await visit.navigate(`${first.url}/`);
      await visit.waitFor("#marker");

      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/some/path?query=private`;
      const tab = await openFailing(browser, url);
      await tab.waitFor('[data-auto-retry="waiting"]');
      const requests = [];
      servers.push(await serve(cookieSite(requests), port));
      await tab.waitForUrl((current) => current === url);
      await tab.waitFor("#marker");

      const check = requests[0];
      assert.equal(check.method, "HEAD", `first request: ${JSON.stringify(check)}`);
      assert.equal(check.url, "/", "the re-check asks the root, not the address's path or query");
      for (const header of ["cookie", "referer", "origin", "authorization"]) {
        assert.equal(check.headers[header], undefined, `the re-check sent ${header}: ${check.headers[header]}`);
      }
      const load = requests.find((request) => request.method === "GET");
      assert.ok(load, `the page was loaded after the re-check: ${JSON.stringify(requests.map((r) => r.method))}`);
      assert.equal(load.url, "/some/path?query=private", "then the whole address loads");
      assert.match(load.headers.cookie ?? "", new RegExp(COOKIE), "the ordinary load carries the cookie");
    });

    it("a probe of the next port: a HEAD for its root, without path, query, cookies, referrer or origin", async () => {
      // The cookie for 127.0.0.1, as above.
      const first = await serve(cookieSite([]));
      servers.push(first);
      const visit = await browser.newTab();
      await visit.navigate(`${first.url}/`);
      await visit.waitFor("#marker");

      const port = await freePorts(1);
      const requests = [];
      servers.push(await serve(cookieSite(requests), port + 1));
      const tab = await openFailing(browser, `http://127.0.0.1:${port}/some/path?query=private`);
      await tab.waitFor('section.probes[data-probes="found"]');
      assert.ok(requests.length > 0, "the page found the server by asking it");
      for (const probe of requests) {
        assert.equal(probe.method, "HEAD", `a probe: ${JSON.stringify(probe)}`);
        assert.equal(probe.url, "/", "a probe asks the root, not the address's path or query");
        for (const header of ["cookie", "referer", "origin", "authorization"]) {
          assert.equal(probe.headers[header], undefined, `a probe sent ${header}: ${probe.headers[header]}`);
        }
      }
    });
  });
}
