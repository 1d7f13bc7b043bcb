//! Automatic re-checks: while the error page shows, ask the failed address's
//! origin again after growing pauses (the core's schedule) and load the
//! address once it answers. For a development server this is the whole fix:
//! start it, and the tab comes back.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ReferrerPolicy, RequestCache, RequestCredentials, RequestRedirect};

use netwhy::i18n::Text;
use netwhy::policy::retention::retry_delay_ms;
use netwhy_boundary::BrowserMessages;

const SECOND_MS: u32 = 1_000;

/// Re-checks under way, until stopped.
pub struct Retry {
    status: Element,
    stopped: Rc<Cell<bool>>,
}

impl Retry {
    /// Starts re-checking `check` (no more than every `max_seconds`),
    /// showing the countdown in `status`; loads `load` once `check` answers.
    pub fn start(status: Element, check: String, load: String, max_seconds: u32) -> Retry {
        let stopped = Rc::new(Cell::new(false));
        let run = Checks {
            status: status.clone(),
            stopped: Rc::clone(&stopped),
        };
        wasm_bindgen_futures::spawn_local(run.until_answered(check, load, max_seconds));
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
    async fn until_answered(self, check: String, load: String, max_seconds: u32) {
        for attempt in 0.. {
            let pause = retry_delay_ms(attempt, max_seconds);
            let mut left = pause.div_ceil(SECOND_MS);
            while left > 0 && !self.stopped.get() {
                let countdown = Text::with("retry_countdown", [left.to_string()]);
                let _ = say(&self.status, &countdown);
                TimeoutFuture::new(SECOND_MS).await;
                left -= 1;
            }
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
