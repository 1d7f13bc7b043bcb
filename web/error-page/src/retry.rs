//! Automatic re-checks: while the error page shows, ask the failed address's
//! origin again after growing pauses (the core's schedule) and load the
//! address once it answers. For a development server this is the whole fix:
//! start it, and the tab comes back. Behind a dead proxy, while offline or
//! behind a captive portal no re-check can succeed: the checks first wait
//! for that fix (the core names it), the status line saying so, and check at
//! once when it comes. While the tab is hidden they wait too: nobody is
//! looking. Whatever says the address may answer now (the connection back,
//! the portal letting pages through, a probe finding a server) cuts any wait
//! short. At most [`MAX_CHECKS`] of them, and none while the tab is hidden:
//! a forgotten tab asks nothing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, ReferrerPolicy, RequestCache, RequestCredentials, RequestRedirect};

use netwhy::evidence::PortalState;
use netwhy::i18n::Text;
use netwhy::policy::retention::{retry_delay_ms, MAX_CHECKS};
use netwhy::views::error_page::{AutoRetry, WaitFor};
use netwhy_boundary::{from_js, BrowserMessages};

use netwhy_page::api::{self, done};

use crate::error_page::Shown;

const SECOND_MS: u32 = 1_000;
/// How often the wait for a fix looks again: a local read of a setting, of
/// `navigator.onLine` or of the portal's state. (Firefox fires no
/// `proxy.settings.onChange` for a change made in its own settings, so the
/// setting is read, not listened to.) Events cut it short where there are
/// events: `online`, the captive portal's.
const FIX_POLL_MS: u32 = 2_000;
/// While the tab is hidden, how often the checks look again besides when
/// it is shown.
const HIDDEN_POLL_MS: u32 = 30_000;

/// What the checks ask of the page around them.
pub struct Hooks {
    /// Whether a captive portal holds the network back, as last heard.
    pub portal_locked: Rc<Cell<bool>>,
    /// Called at each check, besides asking the address (the page looks for
    /// the server elsewhere again).
    pub on_check: Box<dyn Fn()>,
}

/// Re-checks under way, until stopped.
pub struct Retry {
    status: Element,
    stopped: Rc<Cell<bool>>,
    wake: Rc<Wake>,
}

impl Retry {
    /// Starts re-checking `check` as `retry` says, showing the countdown in
    /// `status`; loads `load` once `check` answers.
    pub fn start(
        status: Element,
        check: String,
        load: String,
        retry: AutoRetry,
        hooks: Hooks,
    ) -> Retry {
        let stopped = Rc::new(Cell::new(false));
        let wake = Rc::new(Wake::default());
        let run = Checks {
            status: status.clone(),
            stopped: Rc::clone(&stopped),
            wake: Rc::clone(&wake),
            hooks,
        };
        wasm_bindgen_futures::spawn_local(run.until_answered(check, load, retry));
        Retry {
            status,
            stopped,
            wake,
        }
    }

    /// Checks at once, or looks at what the checks wait for at once.
    pub fn check_now(&self) {
        self.wake.signal();
    }

    /// Ends the checks quietly (the page is being rendered again).
    pub fn stop(self) -> Result<(), JsValue> {
        self.stopped.set(true);
        self.wake.signal();
        Ok(())
    }

    /// Ends the checks because the person pressed Stop, and says so.
    pub fn stopped_by_user(self) -> Result<(), JsValue> {
        self.stopped.set(true);
        self.wake.signal();
        self.status.set_attribute("data-auto-retry", "stopped")?;
        say(&self.status, &Text::new("retry_stopped"))?;
        if let Some(stop) = self.status.query_selector("[data-action=\"stop-retry\"]")? {
            stop.remove();
        }
        Ok(())
    }
}

struct Checks {
    status: Element,
    stopped: Rc<Cell<bool>>,
    wake: Rc<Wake>,
    hooks: Hooks,
}

impl Checks {
    async fn until_answered(self, check: String, load: String, retry: AutoRetry) {
        if let Some(fix) = retry.waits_for {
            if !self.fixed(fix).await {
                return;
            }
        }
        // Once the awaited fix came, the first check is at once.
        let mut at_once = retry.waits_for.is_some();
        for attempt in 0..MAX_CHECKS {
            if !at_once {
                let mut left = retry_delay_ms(attempt, retry.max_seconds).div_ceil(SECOND_MS);
                while left > 0 && !self.stopped.get() {
                    if self.while_hidden().await {
                        break;
                    }
                    let countdown = Text::with("retry_countdown", [left.to_string()]);
                    let _ = say(&self.status, &countdown);
                    if self.wake.sleep(SECOND_MS).await {
                        break;
                    }
                    left -= 1;
                }
            }
            at_once = false;
            self.while_hidden().await;
            if self.stopped.get() {
                return;
            }
            let _ = self.status.set_attribute("data-auto-retry", "checking");
            let _ = say(&self.status, &Text::new("retry_checking"));
            (self.hooks.on_check)();
            if answers(&check).await {
                if !self.stopped.get() {
                    if let Some(window) = web_sys::window() {
                        // replace(): our page leaves history, so Back skips it.
                        let _ = window.location().replace(&load);
                    }
                }
                return;
            }
            let _ = self.status.set_attribute("data-auto-retry", "waiting");
        }
        if !self.stopped.get() {
            let _ = self.status.set_attribute("data-auto-retry", "stopped");
            let _ = say(&self.status, &Text::new("retry_stopped"));
            if let Ok(Some(stop)) = self.status.query_selector("[data-action=\"stop-retry\"]") {
                stop.remove();
            }
        }
    }

    /// Waits while the tab is hidden (the countdown stands still); true
    /// when it waited, so the check follows at once.
    async fn while_hidden(&self) -> bool {
        let hidden = || {
            let document = self.status.owner_document();
            document.is_some_and(|document| document.hidden())
        };
        if !hidden() {
            return false;
        }
        let _ = self.status.set_attribute("data-auto-retry", "paused");
        while hidden() && !self.stopped.get() {
            self.wake.sleep(HIDDEN_POLL_MS).await;
        }
        let _ = self.status.set_attribute("data-auto-retry", "waiting");
        true
    }

    /// Waits until `fix` happened (true), or the checks were stopped (false).
    async fn fixed(&self, fix: WaitFor) -> bool {
        let before = match fix {
            WaitFor::ProxySettings => proxy_settings().await,
            WaitFor::Network | WaitFor::CaptivePortal => None,
        };
        loop {
            if self.stopped.get() {
                return false;
            }
            let happened = match fix {
                WaitFor::Network => web_sys::window().is_none_or(|w| w.navigator().on_line()),
                WaitFor::ProxySettings => proxy_settings().await != before,
                WaitFor::CaptivePortal => !self.hooks.portal_locked.get(),
            };
            if happened {
                return true;
            }
            self.wake.sleep(FIX_POLL_MS).await;
        }
    }
}

/// The proxy setting as it stands, for comparison (`None`: unreadable).
async fn proxy_settings() -> Option<String> {
    done(api::proxy_settings()).await.ok()?.as_string()
}

/// A pause that an event can cut short.
#[derive(Default)]
struct Wake {
    /// Resolves the pause under way, if any.
    resolve: RefCell<Option<js_sys::Function>>,
    /// A signal that came while no pause was under way, for the next one.
    pending: Cell<bool>,
}

impl Wake {
    fn signal(&self) {
        match self.resolve.borrow_mut().take() {
            Some(resolve) => {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::TRUE);
            }
            None => self.pending.set(true),
        }
    }

    /// Waits `ms`, or until signalled: true when signalled.
    async fn sleep(&self, ms: u32) -> bool {
        if self.pending.replace(false) {
            return true;
        }
        let mut slot = None;
        let woken = js_sys::Promise::new(&mut |resolve, _| slot = Some(resolve));
        *self.resolve.borrow_mut() = slot;
        let timer = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let delay = i32::try_from(ms).unwrap_or(i32::MAX);
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay);
            }
        });
        let race = js_sys::Promise::race(&js_sys::Array::of2(&woken, &timer));
        let won = JsFuture::from(race).await;
        // A signal from now on belongs to the next pause.
        self.resolve.borrow_mut().take();
        won.is_ok_and(|value| value.is_truthy())
    }
}

/// `text` in the status line's text.
fn say(status: &Element, text: &Text) -> Result<(), JsValue> {
    let line = status
        .query_selector("[data-field=\"retry-status\"]")?
        .ok_or("no retry status")?;
    line.set_text_content(Some(&text.resolve(&BrowserMessages)));
    Ok(())
}

/// Whether anything answers at `url`. Any answer at all, even an error
/// status or a redirect, means the server is back: the page itself will say
/// what it has to say.
async fn answers(url: &str) -> bool {
    quiet_head(url).send().await.is_ok()
}

/// A `HEAD` of `url` that carries nothing of the user: no cookies, no
/// referrer, nothing from the cache, and no redirect followed. The one shape
/// of every request the page makes by itself (re-checks and probes).
pub(crate) fn quiet_head(url: &str) -> RequestBuilder {
    RequestBuilder::new(url)
        .method(Method::HEAD)
        .cache(RequestCache::NoStore)
        .credentials(RequestCredentials::Omit)
        .redirect(RequestRedirect::Manual)
        .referrer_policy(ReferrerPolicy::NoReferrer)
}

impl Shown {
    /// What the re-checks ask of this page: the portal's state, and to look
    /// for the server elsewhere again at each check while it was not found.
    pub(crate) fn hooks(self: &Rc<Self>) -> Hooks {
        let shown = Rc::downgrade(self);
        Hooks {
            portal_locked: Rc::clone(&self.portal_locked),
            on_check: Box::new(move || {
                if let Some(shown) = shown.upgrade() {
                    if shown.probed_once.get() && !shown.found_elsewhere() {
                        shown.look_elsewhere();
                    }
                }
            }),
        }
    }

    /// Checks the address at once, if the page re-checks at all.
    pub(crate) fn check_now(&self) {
        if let Some(retry) = self.retry.borrow().as_ref() {
            retry.check_now();
        }
    }

    /// Follows Firefox's captive portal: the checks that wait for it check
    /// at once when it lets pages through.
    pub(crate) fn follow_portal(self: &Rc<Self>) {
        let shown = Rc::downgrade(self);
        let listener = Closure::new(move |state: String| {
            let Some(shown) = shown.upgrade() else { return };
            shown.portal_locked.set(state == "locked_portal");
            if state != "locked_portal" {
                shown.check_now();
            }
        });
        api::on_captive_portal_changed(&listener);
        *self.portal_listener.borrow_mut() = Some(listener);
        // The state may have changed since the failure was recorded.
        let shown = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let state = done(api::captive_portal_state()).await.ok();
            let state = state.and_then(|state| from_js::<PortalState>(state).ok());
            if let (Some(shown), Some(state)) = (shown.upgrade(), state) {
                shown.portal_locked.set(state == PortalState::LockedPortal);
                shown.check_now();
            }
        });
    }
}
