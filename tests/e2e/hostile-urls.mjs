// Hostile addresses for the page to show as text, each a function of a closed
// port. Every host is 127.0.0.1 or a name the Chromium of
// hardening-hostile.test.mjs maps to it (HOSTILE_RULES), so nothing ever leaves
// loopback. Payloads that run set `window.__pwned` or open a dialog; the test
// watches both.

/** Chromium --host-resolver-rules entries sending every name here to 127.0.0.1. */
export const HOSTILE_RULES = ["MAP * 127.0.0.1"];

const at = (p) => `http://127.0.0.1:${p}`;
const PWN = "window.__pwned=1";

export const HOSTILE_URLS = [
  // HTML and script in the path
  { name: "img onerror in path", url: (p) => `${at(p)}/<img src=x onerror=${PWN}>` },
  { name: "attribute breakout and script in path", url: (p) => `${at(p)}/"><script>${PWN}</script>` },
  { name: "bdi breakout in path", url: (p) => `${at(p)}/</bdi><img src=x onerror=alert(1)>` },
  { name: "template injection in path", url: (p) => `${at(p)}/{{constructor.constructor('${PWN}')()}}` },
  { name: "template literal in path", url: (p) => `${at(p)}/\${alert(1)}` },
  { name: "svg onload in path", url: (p) => `${at(p)}/<svg onload=alert(1)>` },
  { name: "javascript: look-alike path", url: (p) => `${at(p)}/javascript:alert(1)` },
  { name: "data: look-alike path", url: (p) => `${at(p)}/data:text/html,<script>alert(1)</script>` },
  { name: "pre-encoded script in path", url: (p) => `${at(p)}/%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E` },
  { name: "iframe javascript: in path", url: (p) => `${at(p)}/<iframe src=javascript:alert(1)>` },
  { name: "single-quote attribute breakout", url: (p) => `${at(p)}/'onmouseover='alert(1)'x='` },
  { name: "comment and CDATA in path", url: (p) => `${at(p)}/<!--<script>-->]]><![CDATA[<script>` },
  { name: "entities in path", url: (p) => `${at(p)}/&lt;script&gt;&#x3C;img&#62;` },
  { name: "anchor javascript: in path", url: (p) => `${at(p)}/<a href=javascript:alert(1)>x</a>` },
  { name: "style in path", url: (p) => `${at(p)}/<style>*{display:none}</style>` },
  { name: "math xlink in path", url: (p) => `${at(p)}/<math><mi xlink:href=javascript:alert(1)>x` },
  { name: "template element in path", url: (p) => `${at(p)}/<template><script>alert(1)</script></template>` },
  { name: "object and base in path", url: (p) => `${at(p)}/<object data=javascript:alert(1)><base href=javascript:/>` },
  { name: "backslashes in path", url: (p) => `${at(p)}\\..\\<img src=x onerror=alert(1)>\\` },
  { name: "dot segments and payload", url: (p) => `${at(p)}/a/../b/./<script>alert(1)</script>/..` },
  // … in the query
  { name: "img onerror in query", url: (p) => `${at(p)}/?q=<img src=x onerror=${PWN}>` },
  { name: "script in query", url: (p) => `${at(p)}/?"><script>${PWN}</script>` },
  { name: "javascript: redirect in query", url: (p) => `${at(p)}/?next=javascript:alert(document.domain)` },
  { name: "data: URL in query", url: (p) => `${at(p)}/?u=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==` },
  { name: "template syntaxes in query", url: (p) => `${at(p)}/?a={{7*7}}&b=\${7*7}&c=<%=7*7%>&d=#{7*7}` },
  { name: "structure breakout in query", url: (p) => `${at(p)}/?x=</bdi></p></header></main><script>alert(1)</script>` },
  // … in the fragment
  { name: "img onerror in fragment", url: (p) => `${at(p)}/#<img src=x onerror=${PWN}>` },
  { name: "script in fragment", url: (p) => `${at(p)}/#"><script>alert(1)</script>` },
  { name: "javascript: fragment", url: (p) => `${at(p)}/#javascript:alert(1)` },
  { name: "bdi breakout and template in fragment", url: (p) => `${at(p)}/x?y#</bdi>{{x}}<bdi dir=rtl>` },
  // … in the userinfo
  { name: "img onerror in username", url: (p) => `http://<img src=x onerror=alert(1)>@127.0.0.1:${p}/` },
  { name: "script in username and password", url: (p) => `http://"><script>:<svg onload=alert(1)>@127.0.0.1:${p}/` },
  { name: "javascript: as userinfo", url: (p) => `http://javascript:alert(1)@127.0.0.1:${p}/` },
  { name: "bdi breakout in password", url: (p) => `http://user<bdi>:%3C%2Fbdi%3E\u202E@127.0.0.1:${p}/` },
  // Bidi overrides, isolates, invisible and control characters
  { name: "RLO in path", url: (p) => `${at(p)}/\u202Egnp.exe` },
  { name: "isolates in query", url: (p) => `${at(p)}/?\u2066x\u2069\u2067y\u2068z\u2069\u2069\u2069` },
  { name: "LRO, RLM and PDF in fragment", url: (p) => `${at(p)}/#\u202Dabc\u200F\u202C\u202E` },
  { name: "zero-width and BOM in path", url: (p) => `${at(p)}/a\u200Bb\uFEFFc\u200D` },
  { name: "encoded control characters", url: (p) => `${at(p)}/%00%01%1B%7F?%00=%0A%0D` },
  { name: "raw control characters", url: (p) => `${at(p)}/\x01\x02\x1b[31m\x7f?\x08` },
  { name: "tab and newline (stripped)", url: (p) => `${at(p)}/a\tb\nc\r<script>` },
  { name: "Hebrew and Arabic in path", url: (p) => `${at(p)}/שלום/مرحبا?x=עולם#سلام` },
  // IDN, punycode and homoglyph hosts (mapped to 127.0.0.1)
  { name: "Cyrillic homoglyph of apple.com", url: (p) => `http://аррӏе.com:${p}/` },
  { name: "Cyrillic homoglyph of paypal.com", url: (p) => `http://раураl.com:${p}/login` },
  { name: "punycode of a homoglyph", url: (p) => `http://xn--80ak6aa92e.com:${p}/` },
  { name: "Japanese IDN", url: (p) => `http://例え.テスト:${p}/` },
  { name: "German IDN", url: (p) => `http://münchen.test:${p}/` },
  { name: "Arabic IDN", url: (p) => `http://مثال.إختبار:${p}/` },
  { name: "homoglyph with script in path", url: (p) => `http://gооgle.com:${p}/<script>${PWN}</script>` },
  { name: "long host labels", url: (p) => `http://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.test:${p}/` },
  { name: "upper-case scheme and host", url: (p) => `HTTP://EXAMPLE.TEST:${p}/ABC` },
  { name: "127.0.0.1 as one number", url: (p) => `http://2130706433:${p}/` },
  { name: "127.0.0.1 in hex", url: (p) => `http://0x7f.1:${p}/` },
  { name: "port with leading zeros", url: (p) => `http://127.0.0.1:000${p}/` },
  // 100 KB addresses, with and without break opportunities
  { name: "100 KB query of payloads", url: (p) => `${at(p)}/?${`<img src=x onerror=${PWN}>`.repeat(3_000)}` },
  { name: "100 KB of Hebrew", url: (p) => `${at(p)}/${"ש".repeat(17_000)}` },
  { name: "100 KB of RLO", url: (p) => `${at(p)}/?${"\u202E".repeat(11_000)}` },
  // Unbroken: the page cuts what it shows (src/views/error_page.rs MAX_SHOWN); laid out
  // whole, this took Chromium 8 s (1280 px) to 50 s (360 px) of layout.
  { name: "100 KB path of one letter", url: (p) => `${at(p)}/${"A".repeat(100_000)}` },
];
