//! Automatic re-checks: while the error page shows, ask the failed address's
//! origin again after growing pauses (the core's schedule) and load the
//! address once it answers. For a development server this is the whole fix:
//! start it, and the tab comes back.
//!
//! They wait without counting down while asking cannot help or nobody looks:
//! the tab is hidden, the browser is offline, or a captive portal holds the
//! network back. Whatever ends the wait (the tab shown, `online`, the portal
//! letting pages through, a probe finding a server) checks at once.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, ReferrerPolicy, RequestCache, RequestCredentials, RequestRedirect};

use netwhy::evidence::PortalState;
use netwhy::i18n::Text;
use netwhy::policy::retention::retry_delay_ms;
use netwhy_boundary::{from_js, BrowserMessages};

use crate::api::{self, done};
use crate::error_page::Shown;

const SECOND_MS: u32 = 1_000;
/// While waiting on a hold, its condition is looked at again this often,
/// besides whenever an event wakes the checks.
const HELD_MS: u32 = 30_000;

/// Why the checks wait without counting down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The tab is hidden: nobody is waiting on it.
    Hidden,
    /// The browser is offline (`navigator.onLine`).
    Offline,
    /// A captive portal holds the network back; asking would only meet it.
    Portal,
}

impl Hold {
    fn id(self) -> &'static str {
        match self {
            Hold::Hidden => "hidden",
            Hold::Offline => "offline",
            Hold::Portal => "portal",
        }
    }
}

/// What the checks ask of the page around them.
pub struct Hooks {
    /// Why to wait now, if at all.
    pub held: Box<dyn Fn() -> Option<Hold>>,
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
    /// Starts re-checking `check` (no more than every `max_seconds`),
    /// showing the countdown in `status`; loads `load` once `check` answers.
    pub fn start(
        status: Element,
        check: String,
        load: String,
        max_seconds: u32,
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
        wasm_bindgen_futures::spawn_local(run.until_answered(check, load, max_seconds));
        Retry {
            status,
            stopped,
            wake,
        }
    }

    /// Checks at once (or, while held, looks at the hold again).
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
    async fn until_answered(self, check: String, load: String, max_seconds: u32) {
        let mut attempt = 0;
        // Set when something says the address may answer now.
        let mut at_once = false;
        'checks: while !self.stopped.get() {
            if let Some(hold) = (self.hooks.held)() {
                self.hold(hold);
                self.wake.sleep(HELD_MS).await;
                at_once = true;
                continue;
            }
            if !at_once {
                let mut left = retry_delay_ms(attempt, max_seconds).div_ceil(SECOND_MS);
                while left > 0 {
                    if self.stopped.get() || (self.hooks.held)().is_some() {
                        continue 'checks;
                    }
                    self.set_state("waiting");
                    let countdown = Text::with("retry_countdown", [left.to_string()]);
                    let _ = say(&self.status, &countdown);
                    if self.wake.sleep(SECOND_MS).await {
                        break;
                    }
                    left -= 1;
                }
                if self.stopped.get() {
                    return;
                }
            }
            at_once = false;
            self.set_state("checking");
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
            attempt += 1;
            self.set_state("waiting");
        }
    }

    fn set_state(&self, state: &str) {
        let _ = self.status.set_attribute("data-auto-retry", state);
        let _ = self.status.remove_attribute("data-held");
    }

    /// Says why the checks wait (a hidden tab needs no words).
    fn hold(&self, hold: Hold) {
        let _ = self.status.set_attribute("data-auto-retry", "held");
        let _ = self.status.set_attribute("data-held", hold.id());
        let text = match hold {
            Hold::Hidden => return,
            Hold::Offline => Text::new("retry_offline"),
            Hold::Portal => Text::new("retry_portal"),
        };
        let _ = say(&self.status, &text);
    }
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

/// Why to hold right now, from the document and `portal_locked`. Offline
/// and a portal hold only an address that `needs_network`: this computer's
/// servers answer either way.
pub fn held_now(needs_network: bool, portal_locked: &Cell<bool>) -> Option<Hold> {
    let window = web_sys::window()?;
    let document = window.document()?;
    if document.visibility_state() == web_sys::VisibilityState::Hidden {
        Some(Hold::Hidden)
    } else if needs_network && !window.navigator().on_line() {
        Some(Hold::Offline)
    } else if needs_network && portal_locked.get() {
        Some(Hold::Portal)
    } else {
        None
    }
}

impl Shown {
    /// What the re-checks ask of this page: when to hold, and to look for
    /// the server elsewhere again at each check while it was not found.
    pub(crate) fn hooks(self: &Rc<Self>, needs_network: bool) -> Hooks {
        let locked = Rc::clone(&self.portal_locked);
        let shown = Rc::downgrade(self);
        Hooks {
            held: Box::new(move || held_now(needs_network, &locked)),
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

    /// Follows Firefox's captive portal: held while it is locked, checked
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
