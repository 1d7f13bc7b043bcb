// Issue 3: the page's headline is the title of the error's class, in the
// words of the English catalogue.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, resolverRules } from "./browsers.mjs";
import { closedPort } from "./servers.mjs";
import { message, openFailing } from "./page.mjs";

async function assertHeadline(browser, url, key) {
  const tab = await openFailing(browser, url);
  assert.equal(await tab.text("h1"), message(key));
}

describe("chromium: class titles", () => {
  let browser;
  before(async () => {
    browser = await launch("chromium", { args: [resolverRules("MAP *.example.test ~NOTFOUND")] });
  });
  after(async () => {
    await browser?.close();
  });

  it("titles a refused connection", async () => {
    await assertHeadline(browser, `http://127.0.0.1:${await closedPort()}/`, "class_connection_refused_title");
  });

  it("titles a port the browser will not use", async () => {
    await assertHeadline(browser, "http://127.0.0.1:6000/", "class_unsafe_port_title");
  });

  it("titles a name that was not found", async () => {
    await assertHeadline(browser, "http://nowhere.example.test/", "class_name_not_resolved_title");
  });
});

// Firefox raises no event at all for an unsafe port, and a name it cannot
// resolve would need a real lookup: only the refusal is tested there.
describe("firefox: class titles", () => {
  let browser;
  before(async () => {
    browser = await launch("firefox");
  });
  after(async () => {
    await browser?.close();
  });

  it("titles a refused connection", async () => {
    await assertHeadline(browser, `http://127.0.0.1:${await closedPort()}/`, "class_connection_refused_title");
  });
});
