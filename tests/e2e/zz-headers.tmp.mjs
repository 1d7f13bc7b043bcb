import { launch } from "./browsers.mjs";
import { openFailing } from "./page.mjs";
import { closedPort, serve } from "./servers.mjs";
const kinds = process.argv.slice(2);
for (const kind of kinds) {
  const browser = await launch(kind);
  const port = await closedPort();
  const tab = await openFailing(browser, `http://127.0.0.1:${port}/some/path?q=secret`);
  if (kind === "chromium") await browser.context.addCookies([{ name: "c", value: "v", domain: "127.0.0.1", path: "/" }]);
  let seen;
  const got = new Promise((r) => (seen = r));
  const server = await serve((req, res) => { seen({ method: req.method, url: req.url, headers: req.headers }); res.end("ok"); }, port);
  console.log(kind, JSON.stringify(await got, null, 1));
  await server.close();
  await browser.close();
}
