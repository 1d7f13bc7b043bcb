//! The error page: finds its failure by the token in our URL's fragment
//! (never by anything a site could put in a URL), renders it, and answers
//! its controls.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};

use netwhy::diagnosis::diagnose;
use netwhy::evidence::gathered;
use netwhy::i18n::Text;
use netwhy::policy::settings::{self, Settings};
use netwhy::policy::stored::{FailureRecord, FAILURE_LIST, FAILURE_PREFIX};
use netwhy::views::action::Action;
use netwhy::views::error_page::ErrorPage;
use netwhy::views::failure_list::{Entry, FailureList};
use netwhy::views::report::Report;
use netwhy_boundary::{from_js, to_js, BrowserMessages};

use netwhy_page::api::{self, done};
use netwhy_page::Page;

use crate::render::{View, FULL_URL_FIELD, RETRY_KEY};
use crate::retry::Retry;

/// Hears Firefox's captive portal state (or "connectivity").
pub(crate) type PortalListener = Closure<dyn FnMut(String)>;

/// The failure on show, and what the page needs to act on it.
pub(crate) struct Shown {
    pub(crate) page: Page,
    /// `failure:<token>`.
    pub(crate) key: String,
    /// The record as stored, with what this build does not read kept as is.
    pub(crate) stored: JsValue,
    pub(crate) record: RefCell<FailureRecord>,
    settings: Settings,
    /// What Try again loads; `None` for an address that is not plain http(s).
    retry_url: Option<String>,
    pub(crate) retry: RefCell<Option<Retry>>,
    /// Whether a captive portal holds the network back (Firefox), as last heard.
    pub(crate) portal_locked: Rc<Cell<bool>>,
    /// Whether a round of probes is under way, and whether one ever ran.
    pub(crate) probing: Cell<bool>,
    pub(crate) probed_once: Cell<bool>,
    /// Firefox's captive portal events, heard for as long as the page shows.
    pub(crate) portal_listener: RefCell<Option<PortalListener>>,
}

/// Shows the failure this page's token names, or the neutral page.
pub async fn show(page: Page) -> Result<(), JsValue> {
    let location = web_sys::window().ok_or("no window")?.location();
    let key = format!(
        "{FAILURE_PREFIX}{}",
        location.hash()?.trim_start_matches('#')
    );
    // All three asked for at once.
    let (stored, in_force, tab) = (api::record_item(&key), api::settings(), api::current_tab());
    let stored = done(stored).await?;
    page.stamp("tStorage");
    let in_force = done(in_force).await?;
    let tab = done(tab).await?;
    let field = |name: &str| js_sys::Reflect::get(&tab, &name.into()).ok();
    let private = field("incognito").is_some_and(|value| value.is_truthy());
    let tab = field("id").and_then(|id| id.as_f64()).map(|id| id as i64);
    // A record belongs to the tab it was made for: its address copied into
    // another tab, or a duplicated tab, gets the neutral page. A record this
    // build cannot read (a newer build's, a damaged one) gets it too, and so
    // does one past its retention that storage still holds.
    let now = js_sys::Date::now();
    let record = from_js::<FailureRecord>(stored.clone())
        .ok()
        .filter(|record| record.tab_id == tab && !record.expired(now));
    let Some(record) = record else {
        View::of(&page).missing(&page.root)?;
        page.stamp("tRendered");
        return page.mark_ready();
    };
    let retry_url = record.failure.retry_url().map(str::to_owned);
    let locked = record.evidence.behind_portal();
    // Reloading the error page is a person asking to try again, not to see it again.
    if let (true, Some(url)) = (reloaded(), &retry_url) {
        return location.replace(url);
    }
    let settings = settings::in_force(
        from_js(js_sys::Reflect::get(&in_force, &"user".into())?).unwrap_or_default(),
        from_js(js_sys::Reflect::get(&in_force, &"managed".into())?).unwrap_or_default(),
    )
    .settings;
    let shown = Rc::new(Shown {
        page,
        key,
        stored,
        record: RefCell::new(record),
        settings,
        retry_url,
        retry: RefCell::new(None),
        portal_locked: Rc::new(Cell::new(locked)),
        probing: Cell::new(false),
        probed_once: Cell::new(false),
        portal_listener: RefCell::new(None),
    });
    shown.render()?;
    listen(&shown);
    shown.page.stamp("tRendered");
    shown.follow_portal();
    // Listed once the page is up, off its way; ready once listed.
    if let Err(problem) = shown.list(private).await {
        web_sys::console::error_2(&"NetWhy could not list the failure".into(), &problem);
    }
    shown.page.mark_ready()?;
    shown.look_elsewhere();
    Ok(())
}

/// Whether this load of the page was a reload.
fn reloaded() -> bool {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return false;
    };
    performance
        .get_entries_by_type("navigation")
        .get(0)
        .dyn_into::<web_sys::PerformanceNavigationTiming>()
        .is_ok_and(|entry| entry.type_() == web_sys::NavigationType::Reload)
}

impl Shown {
    pub(crate) fn model(&self) -> ErrorPage {
        let record = self.record.borrow();
        let (failure, evidence) = (&record.failure, &record.evidence);
        ErrorPage::new(
            failure,
            evidence,
            &diagnose(failure, evidence),
            &self.settings,
        )
    }

    /// Renders the page afresh and (re)starts its re-checks.
    fn render(self: &Rc<Self>) -> Result<(), JsValue> {
        if let Some(retry) = self.retry.borrow_mut().take() {
            retry.stop()?;
        }
        let model = self.model();
        View::of(&self.page).page(&self.page.root, &model)?;
        let retry = self.page.root.query_selector("[data-auto-retry]")?;
        let checks = model.check_url.zip(self.retry_url.clone());
        *self.retry.borrow_mut() = match (retry, model.auto_retry, checks) {
            (Some(status), Some(retry), Some((check, load))) => {
                Some(Retry::start(status, check, load, retry, self.hooks()))
            }
            _ => None,
        };
        Ok(())
    }

    /// Adds the failure to the list of recent failures (`storage.local`,
    /// on disk), once per record and never a private window's (the
    /// background marks its record; the tab's own flag is a second check). The
    /// page lists it, not the background: it has the diagnosis at hand,
    /// and the worker's module needs none.
    async fn list(&self, private: bool) -> Result<(), JsValue> {
        let entry = {
            let record = self.record.borrow();
            if private || record.private || record.listed {
                return Ok(());
            }
            Entry::of(&record.failure, &record.evidence)
        };
        let update = Closure::once_into_js(move |stored: JsValue| {
            let mut list: FailureList = from_js(stored.clone()).unwrap_or_default();
            list.record(entry);
            // Never null, which would remove the list.
            to_js(&list).unwrap_or(stored)
        });
        done(api::update_local_item(FAILURE_LIST, &update)).await?;
        self.record.borrow_mut().listed = true;
        js_sys::Reflect::set(&self.stored, &"listed".into(), &JsValue::TRUE)?;
        done(api::set_record_item(&self.key, &self.stored)).await?;
        Ok(())
    }

    fn try_again(&self) -> Result<(), JsValue> {
        match &self.retry_url {
            // replace(): our page leaves history, so Back skips it.
            Some(url) => web_sys::window()
                .ok_or("no window")?
                .location()
                .replace(url),
            None => Ok(()),
        }
    }

    /// Answers a click on the control `target` does `action`.
    fn act(self: &Rc<Self>, action: Action, target: &Element) -> Result<(), JsValue> {
        let group = target.closest(".extension-actions[data-extension]")?;
        match (action, group) {
            (Action::Retry, _) => self.try_again()?,
            (Action::CopyReport, _) => self.copy_report(target)?,
            (Action::ShowExtensions, _) => {
                // Asked for now, within the click's user gesture.
                let granted = api::request_management();
                let shown = Rc::clone(self);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(problem) = shown.show_extensions(granted).await {
                        web_sys::console::error_2(
                            &"NetWhy could not list the extensions".into(),
                            &problem,
                        );
                    }
                });
            }
            (Action::StopRetry, _) => {
                if let Some(retry) = self.retry.borrow_mut().take() {
                    retry.stopped_by_user()?;
                }
            }
            (Action::OpenExtensionSettings | Action::OpenLoginPage, _) => {
                if let Some(url) = target.get_attribute("data-url") {
                    let _ = api::open_tab(&url);
                }
            }
            (Action::OpenAlternative, _) => self.open_alternative(target)?,
            (Action::TurnOffExtension, Some(group)) => confirming(&group, true)?,
            (Action::CancelTurnOff, Some(group)) => confirming(&group, false)?,
            (Action::ConfirmTurnOff, Some(group)) => self.turn_off(&group)?,
            _ => {}
        }
        Ok(())
    }

    /// The report in the clipboard: JSON that `diagnose -` replays, with
    /// the address's query and fragment only if the person ticked the choice.
    fn copy_report(&self, button: &Element) -> Result<(), JsValue> {
        let record = self.record.borrow().clone();
        let full_url = self
            .page
            .root
            .query_selector(&format!("input[data-field=\"{FULL_URL_FIELD}\"]"))?
            .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|input| input.checked());
        let report =
            Report::shared(record.failure, record.evidence, full_url).summarized(&BrowserMessages);
        let json = js_sys::JSON::stringify_with_replacer_and_space(
            &to_js(&report)?,
            &JsValue::NULL,
            &2.into(),
        )?;
        let clipboard = web_sys::window()
            .ok_or("no window")?
            .navigator()
            .clipboard();
        let written = clipboard.write_text(&String::from(json));
        let button = button.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if done(written).await.is_ok() {
                button
                    .set_text_content(Some(&Text::new("action_copied").resolve(&BrowserMessages)));
                let _ = button.set_attribute("data-copied", "true");
            }
        });
        Ok(())
    }

    /// With `management` granted, names the extensions: the record keeps
    /// the list, and the page is rendered again.
    async fn show_extensions(self: Rc<Self>, granted: js_sys::Promise) -> Result<(), JsValue> {
        if !done(granted).await?.is_truthy() {
            return Ok(());
        }
        let all = from_js(done(api::all_extensions()).await?)?;
        let extensions = gathered::others(all, Some(&api::self_id()));
        let evidence = {
            let mut record = self.record.borrow_mut();
            record.evidence.extensions = Some(extensions);
            to_js(&record.evidence)?
        };
        js_sys::Reflect::set(&self.stored, &"evidence".into(), &evidence)?;
        done(api::set_record_item(&self.key, &self.stored)).await?;
        self.render()
    }

    /// Turns the group's extension off, confirmed, and says so. The page is
    /// not loaded again by itself: Try again is the person's choice.
    fn turn_off(&self, group: &Element) -> Result<(), JsValue> {
        let Some(id) = group.get_attribute("data-extension") else {
            return Ok(());
        };
        // Within the click's user gesture, as management.setEnabled wants.
        let turned_off = api::turn_off_extension(&id);
        let name = group.get_attribute("data-name").unwrap_or_default();
        let group = group.clone();
        let page = self.page.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if done(turned_off).await.is_err() {
                return;
            }
            let status = Text::with("extension_turned_off", [name]);
            let note = page.builder().message("p", "turned-off", &status);
            if let Ok(note) = note {
                let _ = note.set_attribute("role", "status");
                group.replace_children_with_node_1(&note);
            }
            let retry = page.root.query_selector("[data-action=\"retry\"]");
            if let Ok(Some(retry)) = retry {
                let _ = retry.unchecked_into::<HtmlElement>().focus();
            }
        });
        Ok(())
    }
}

/// Shows or hides the group's confirmation, and moves focus to match.
fn confirming(group: &Element, open: bool) -> Result<(), JsValue> {
    let confirm = group.query_selector(".confirm")?.ok_or("no confirmation")?;
    let turn_off = group
        .query_selector("[data-action=\"turn-off-extension\"]")?
        .ok_or("no turn-off button")?;
    confirm.toggle_attribute_with_force("hidden", !open)?;
    turn_off.set_attribute("aria-expanded", if open { "true" } else { "false" })?;
    let focus = match open {
        true => confirm.query_selector("[data-action=\"confirm-turn-off\"]")?,
        false => Some(turn_off),
    };
    if let Some(focus) = focus {
        focus.unchecked_into::<HtmlElement>().focus()?;
    }
    Ok(())
}

/// One click listener for every control, one key listener for Try again,
/// on elements that stay when the page is rendered again.
fn listen(shown: &Rc<Shown>) {
    let on_click = Rc::clone(shown);
    let on_key = Rc::clone(shown);
    let click = EventListener::new(&shown.page.root, "click", move |event| {
        let control = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|target| target.closest("[data-action]").ok().flatten());
        let Some(control) = control else { return };
        let action = control
            .get_attribute("data-action")
            .and_then(|id| Action::from_id(&id));
        if let Some(action) = action {
            if let Err(problem) = on_click.act(action, &control) {
                web_sys::console::error_2(&"NetWhy could not do that".into(), &problem);
            }
        }
    });
    let key = EventListener::new(&shown.page.document, "keydown", move |event| {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let plain = !(event.ctrl_key() || event.meta_key() || event.alt_key());
        let typing = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .is_some_and(|target| matches!(target.local_name().as_str(), "input" | "textarea"));
        let pressed = event.key().eq_ignore_ascii_case(&RETRY_KEY.to_string());
        if plain && !typing && !event.repeat() && pressed {
            let _ = on_key.try_again();
        }
    });
    shown.page.keep(click);
    shown.page.keep(key);
    // Whatever may make the address answer now, or makes it worth asking
    // again: the connection back, the tab shown again.
    let on_online = Rc::clone(shown);
    let window = web_sys::window().expect("a page has a window");
    shown
        .page
        .keep(EventListener::new(&window, "online", move |_| {
            on_online.check_now();
        }));
    let on_visible = Rc::clone(shown);
    let document = shown.page.document.clone();
    shown.page.keep(EventListener::new(
        &shown.page.document,
        "visibilitychange",
        move |_| {
            if document.visibility_state() == web_sys::VisibilityState::Visible {
                on_visible.check_now();
            }
        },
    ));
}
