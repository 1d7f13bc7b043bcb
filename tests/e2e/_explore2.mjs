import { launch } from "./browsers.mjs";
import { closedPort } from "./servers.mjs";
const browser = await launch("chromium", { incognito: true });
const page = await browser.context.newPage();
const cdp = await browser.context.newCDPSession(page);
const normal = (await cdp.send("Target.getTargetInfo")).targetInfo.browserContextId;
await browser.worker.evaluate((url) => chrome.windows.create({ incognito: true, url }), `http://127.0.0.1:${await closedPort()}/`);
let incog;
for (let i = 0; i < 100 && !incog; i++) {
  incog = browser.context.serviceWorkers().find((w) => w !== browser.worker && w.url().endsWith("/background.js"));
  await new Promise((r) => setTimeout(r, 100));
}
console.log("incognito worker", !!incog);
console.log(await incog.evaluate(() => ({ ctx: chrome.extension.inIncognitoContext })));
await incog.evaluate(() => {
  chrome.windows.onRemoved.addListener((id) => {
    chrome.storage.session.set({ sawRemoved: id });
    chrome.windows.getAll().then((w) => chrome.storage.session.set({ left: w.length }));
  });
});
await new Promise((r) => setTimeout(r, 1500));
const { targetInfos } = await cdp.send("Target.getTargets");
for (const t of targetInfos.filter((t) => t.type === "page" && t.browserContextId !== normal)) {
  console.log("closing", t.url.slice(0, 80));
  await cdp.send("Target.closeTarget", { targetId: t.targetId });
}
for (let i = 0; i < 30; i++) {
  const s = await browser.worker.evaluate(() => chrome.storage.session.get(["sawRemoved", "left"]));
  if (i % 10 === 0 || s.left !== undefined) console.log(i, JSON.stringify(s));
  if (s.left !== undefined) break;
  await new Promise((r) => setTimeout(r, 200));
}
await browser.close();
