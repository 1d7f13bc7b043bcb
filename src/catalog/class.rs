//! The classes every browser error falls into.
//!
//! A class is what the rest of the core reasons about: the diagnosis, the
//! page text and the decision to intercept all key off it, never off the raw
//! error name. Each class is one row below; its id, flags and message keys
//! are derived from that row and nowhere restated.

macro_rules! classes {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $id:literal, retry: $retry:literal, certificate: $cert:literal, intercept: $intercept:literal;
    )*) => {
        id_enum! {
            /// What kind of failure an error string reports. In JSON, its [`Class::id`].
            pub enum Class ("a class id");
            $( $(#[doc = $doc])* $variant = $id; )*
        }

        impl Class {
            /// Whether trying again unchanged, a little later, can succeed.
            pub const fn retryable(self) -> bool {
                match self { $(Class::$variant => $retry,)* }
            }

            /// Whether the failure is about a certificate. The browser's own
            /// interstitial handles these (and its "proceed" override), so we
            /// never replace it.
            pub const fn certificate(self) -> bool {
                match self { $(Class::$variant => $cert,)* }
            }

            /// Whether our page should replace the browser's for this class.
            pub const fn intercept(self) -> bool {
                match self { $(Class::$variant => $intercept,)* }
            }
        }
    };
}

classes! {
    /// Nothing accepted the connection at that address and port.
    ConnectionRefused = "connection-refused", retry: true, certificate: false, intercept: true;
    /// The connection was reset or dropped by the other side or the path.
    ConnectionReset = "connection-reset", retry: true, certificate: false, intercept: true;
    /// The server closed the connection without sending a response.
    ConnectionClosed = "connection-closed", retry: true, certificate: false, intercept: true;
    /// A connection could not be made, for no more specific reason.
    ConnectionFailed = "connection-failed", retry: true, certificate: false, intercept: true;
    /// The server, or something on the way, did not answer in time.
    TimedOut = "timed-out", retry: true, certificate: false, intercept: true;
    /// No route to the network or host.
    AddressUnreachable = "address-unreachable", retry: true, certificate: false, intercept: true;
    /// The address itself is unusable (invalid, or not valid for this use).
    AddressInvalid = "address-invalid", retry: false, certificate: false, intercept: true;
    /// The host name does not exist.
    NameNotResolved = "name-not-resolved", retry: false, certificate: false, intercept: true;
    /// The DNS lookup itself failed (server failure, timeout, bad answer).
    DnsFailure = "dns-failure", retry: true, certificate: false, intercept: true;
    /// The proxy could not be used.
    Proxy = "proxy", retry: true, certificate: false, intercept: true;
    /// An extension (or another client-side blocker) blocked the request.
    BlockedByClient = "blocked-by-client", retry: false, certificate: false, intercept: true;
    /// An administrator's policy blocked the request.
    BlockedByPolicy = "blocked-by-policy", retry: false, certificate: false, intercept: true;
    /// The browser's own protection lists (safe browsing, tracking protection) blocked it.
    BlockedAsUnsafe = "blocked-as-unsafe", retry: false, certificate: false, intercept: false;
    /// The site's own response headers forbid this load (CSP, X-Frame-Options, CORP, COOP).
    BlockedBySitePolicy = "blocked-by-site-policy", retry: false, certificate: false, intercept: true;
    /// Security software, the OS or a sandbox denied network access.
    AccessDenied = "access-denied", retry: false, certificate: false, intercept: true;
    /// The browser or the system needs the user's permission before pages
    /// may reach devices on the local network (Local Network Access).
    LocalNetworkAccess = "local-network-access", retry: false, certificate: false, intercept: true;
    /// The browser refuses to connect to this port.
    UnsafePort = "unsafe-port", retry: false, certificate: false, intercept: true;
    /// The device has no network connection.
    Offline = "offline", retry: true, certificate: false, intercept: true;
    /// The network changed while the page was loading.
    NetworkChanged = "network-changed", retry: true, certificate: false, intercept: true;
    /// A secure connection could not be negotiated (protocol, version, cipher).
    Tls = "tls", retry: false, certificate: false, intercept: true;
    /// The server's certificate was not accepted.
    Certificate = "certificate", retry: false, certificate: true, intercept: false;
    /// The browser only allows secure (HTTPS) connections here and the site
    /// offered none; the browser's own page offers the way to continue.
    HttpsOnly = "https-only", retry: false, certificate: false, intercept: false;
    /// The server's response broke the HTTP protocol.
    HttpProtocol = "http-protocol", retry: true, certificate: false, intercept: true;
    /// The server answered, but only with an error (an empty error page, a failing status).
    ServerError = "server-error", retry: true, certificate: false, intercept: true;
    /// The page redirects in a loop or to a forbidden place.
    Redirect = "redirect", retry: false, certificate: false, intercept: true;
    /// The site asks for a certificate of the user's own (a client
    /// certificate), and none was given, usable, or accepted.
    ClientCertificate = "client-certificate", retry: false, certificate: false, intercept: true;
    /// Authentication with the server or proxy failed.
    Auth = "auth", retry: false, certificate: false, intercept: true;
    /// The browser's cache could not serve the request (includes form resubmission).
    Cache = "cache", retry: true, certificate: false, intercept: false;
    /// The URL itself is malformed or uses a scheme that cannot be loaded.
    InvalidUrl = "invalid-url", retry: false, certificate: false, intercept: true;
    /// A local file or blob could not be read.
    LocalResource = "local-resource", retry: false, certificate: false, intercept: false;
    /// The browser handed the response to something else (a download, another app).
    HandledElsewhere = "handled-elsewhere", retry: false, certificate: false, intercept: false;
    /// The load was stopped: the user pressed Stop, navigated away, or it became a download.
    Aborted = "aborted", retry: false, certificate: false, intercept: false;
    /// An internal browser failure (out of memory, crashed process, bug).
    BrowserInternal = "browser-internal", retry: true, certificate: false, intercept: true;
    /// Not an error we know; treated with general advice.
    Unknown = "unknown", retry: true, certificate: false, intercept: true;
}

impl Class {
    /// `_locales` key of the class's headline, e.g. `class_connection_refused_title`.
    pub fn title_key(self) -> String {
        format!("class_{}_title", self.id().replace('-', "_"))
    }

    /// `_locales` key of the class's one-sentence explanation.
    pub fn explanation_key(self) -> String {
        format!("class_{}_explanation", self.id().replace('-', "_"))
    }
}
