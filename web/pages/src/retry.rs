//! Automatic re-checks: while the error page shows, ask the failed address's
//! origin again after growing pauses (the core's schedule) and load the
//! address once it answers. For a development server this is the whole fix:
//! start it, and the tab comes back. Behind a dead proxy or while offline no
//! re-check can succeed: the checks first wait for that fix (the core names
//! it), the status line saying so, and check at once when it comes. At most
//! [`MAX_CHECKS`] of them, and none while the tab is hidden: a forgotten tab
//! asks nothing.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ReferrerPolicy, RequestCache, RequestCredentials, RequestRedirect};

use gloo_events::EventListener;
use netwhy::i18n::Text;
use netwhy::policy::retention::{retry_delay_ms, MAX_CHECKS};
use netwhy::views::error_page::{AutoRetry, WaitFor};
use netwhy_boundary::BrowserMessages;

use crate::api::{self, done};

const SECOND_MS: u32 = 1_000;
/// How often the wait for a fix looks again: a local read of a setting, or
/// of `navigator.onLine`. (Firefox fires no `proxy.settings.onChange` for a
/// change made in its own settings, so the setting is read, not listened to.)
const FIX_POLL_MS: u32 = 2_000;

/// Re-checks under way, until stopped.
pub struct Retry {
    status: Element,
    stopped: Rc<Cell<bool>>,
}

impl Retry {
    /// Starts re-checking `check` as `retry` says, showing the countdown in
    /// `status`; loads `load` once `check` answers.
    pub fn start(status: Element, check: String, load: String, retry: AutoRetry) -> Retry {
        let stopped = Rc::new(Cell::new(false));
        let run = Checks {
            status: status.clone(),
            stopped: Rc::clone(&stopped),
        };
        wasm_bindgen_futures::spawn_local(run.until_answered(check, load, retry));
        Retry { status, stopped }
    }

    /// Ends the checks quietly (the page is being rendered again).
    pub fn stop(self) -> Result<(), JsValue> {
        self.stopped.set(true);
        Ok(())
    }

    /// Ends the checks because the person pressed Stop, and says so.
    pub fn stopped_by_user(self) -> Result<(), JsValue> {
        self.stopped.set(true);
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
}

impl Checks {
    async fn until_answered(self, check: String, load: String, retry: AutoRetry) {
        if let Some(fix) = retry.waits_for {
            if !self.fixed(fix).await {
                return;
            }
        }
        for attempt in 0..MAX_CHECKS {
            // Once the awaited fix came, the first check is at once.
            let pause = match retry.waits_for {
                Some(_) if attempt == 0 => 0,
                _ => retry_delay_ms(attempt, retry.max_seconds),
            };
            let mut left = pause.div_ceil(SECOND_MS);
            while left > 0 && !self.stopped.get() {
                self.while_hidden().await;
                let countdown = Text::with("retry_countdown", [left.to_string()]);
                let _ = say(&self.status, &countdown);
                TimeoutFuture::new(SECOND_MS).await;
                left -= 1;
            }
            self.while_hidden().await;
            if self.stopped.get() {
                return;
            }
            let _ = self.status.set_attribute("data-auto-retry", "checking");
            let _ = say(&self.status, &Text::new("retry_checking"));
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

    /// Waits while the tab is hidden (the countdown stands still), saying so
    /// on the status line.
    async fn while_hidden(&self) {
        let Some(document) = self.status.owner_document() else {
            return;
        };
        let state = self.status.get_attribute("data-auto-retry");
        while document.hidden() && !self.stopped.get() {
            let _ = self.status.set_attribute("data-auto-retry", "paused");
            let mut shown = None;
            let changed = js_sys::Promise::new(&mut |resolve, _| {
                shown = Some(EventListener::once(
                    &document,
                    "visibilitychange",
                    move |_| {
                        let _ = resolve.call0(&JsValue::NULL);
                    },
                ));
            });
            let _ = wasm_bindgen_futures::JsFuture::from(changed).await;
            drop(shown);
        }
        if let Some(state) = state.filter(|_| !self.stopped.get()) {
            let _ = self.status.set_attribute("data-auto-retry", &state);
        }
    }
}

impl Checks {
    /// Waits until `fix` happened (true), or the checks were stopped (false).
    async fn fixed(&self, fix: WaitFor) -> bool {
        let before = match fix {
            WaitFor::ProxySettings => proxy_settings().await,
            WaitFor::Network => None,
        };
        loop {
            if self.stopped.get() {
                return false;
            }
            let happened = match fix {
                WaitFor::Network => web_sys::window().is_none_or(|w| w.navigator().on_line()),
                WaitFor::ProxySettings => proxy_settings().await != before,
            };
            if happened {
                return true;
            }
            TimeoutFuture::new(FIX_POLL_MS).await;
        }
    }
}

/// The proxy setting as it stands, for comparison (`None`: unreadable).
async fn proxy_settings() -> Option<String> {
    done(api::proxy_settings()).await.ok()?.as_string()
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
/// what it has to say. Nothing of the user goes with the question.
async fn answers(url: &str) -> bool {
    RequestBuilder::new(url)
        .method(Method::HEAD)
        .cache(RequestCache::NoStore)
        .credentials(RequestCredentials::Omit)
        .redirect(RequestRedirect::Manual)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .send()
        .await
        .is_ok()
}
