//! Renders the recent-failures page (the toolbar button's popup, or a tab)
//! with web-sys: elements and text nodes only, because hosts and errors are
//! attacker-controlled.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use netwhy::i18n::Text;
use netwhy::policy::stored::FAILURE_LIST;
use netwhy::views::action::Action;
use netwhy::views::failure_list::{FailureList, FailureListPage, Row};
use netwhy_boundary::from_js;

use netwhy_page::api::{self, done};
use netwhy_page::dom::{append, Builder};
use netwhy_page::Page;

/// Shows the list the background keeps, follows its changes, and answers
/// the page's two buttons.
pub async fn show(page: Page) -> Result<(), JsValue> {
    let list = Rc::new(Drawn {
        page: page.clone(),
        newest: Cell::new(0),
    });
    let clicked = Rc::clone(&list);
    let click = EventListener::new(&page.root, "click", move |event| {
        let action = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|target| target.closest("[data-action]").ok().flatten())
            .and_then(|control| control.get_attribute("data-action"))
            .and_then(|id| Action::from_id(&id));
        match action {
            Some(Action::ClearRecent) => {
                // Under the list's lock, so no page's entry being written
                // brings the cleared list back.
                let empty = Closure::once_into_js(|_: JsValue| JsValue::NULL);
                let cleared = api::update_local_item(FAILURE_LIST, &empty);
                let list = Rc::clone(&clicked);
                wasm_bindgen_futures::spawn_local(async move {
                    if done(cleared).await.is_ok() {
                        list.redraw();
                    }
                });
            }
            Some(Action::OpenOptions) => drop(api::open_options()),
            _ => {}
        }
    });
    page.keep(click);
    let changed = Rc::clone(&list);
    let on_change = Closure::new(move |area: String, keys: Vec<String>| {
        if area == "local" && keys.iter().any(|key| key == FAILURE_LIST) {
            changed.redraw();
        }
    });
    api::on_storage_changed(&on_change);
    // The browser holds the listener as long as the page lives.
    on_change.forget();
    list.draw().await?;
    page.mark_ready()
}

/// The page and which of its draws is the newest.
struct Drawn {
    page: Page,
    newest: Cell<u32>,
}

impl Drawn {
    fn redraw(self: &Rc<Self>) {
        let list = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(problem) = list.draw().await {
                web_sys::console::error_2(&"NetWhy could not show the list".into(), &problem);
            }
        });
    }

    /// Reads the list and renders it, unless a newer draw began meanwhile:
    /// the last change is the one shown.
    async fn draw(&self) -> Result<(), JsValue> {
        let this = self.newest.get().wrapping_add(1);
        self.newest.set(this);
        let stored = done(api::local_item(FAILURE_LIST)).await?;
        if self.newest.get() != this {
            return Ok(());
        }
        let list: FailureList = from_js(stored).unwrap_or_default();
        // Rendering replaces the page, so focus goes back where it was: the
        // same button, or the heading when that button is gone (Clear).
        let focused = self.page.document.active_element();
        let action = focused
            .as_ref()
            .and_then(|e| e.get_attribute("data-action"));
        let on_heading = focused.is_some_and(|e| e.local_name() == "h1");
        render(
            &self.page.builder(),
            &self.page.root,
            &list.page(),
            &api::ui_language(),
        )?;
        if action.is_some() || on_heading {
            let same = match action {
                Some(id) => self
                    .page
                    .root
                    .query_selector(&format!("[data-action=\"{id}\"]"))?,
                None => None,
            };
            let target = match same {
                Some(target) => Some(target),
                None => self.page.root.query_selector("h1")?,
            };
            if let Some(target) = target {
                target.unchecked_into::<HtmlElement>().focus()?;
            }
        }
        Ok(())
    }
}

#[wasm_bindgen]
extern "C" {
    /// A `Date`, seen through a `toLocaleString` that may throw.
    type CheckedDate;
    // `catch`: a locale tag the engine rejects throws a RangeError, which
    // must fall back to the default locale, not abort the page.
    #[wasm_bindgen(method, catch, js_name = toLocaleString)]
    fn to_locale_string(
        this: &CheckedDate,
        locales: &JsValue,
        options: &JsValue,
    ) -> Result<String, JsValue>;
}

/// The list into `root`, replacing what was there; `locale` (a BCP 47
/// tag, the browser's UI language) formats the times.
fn render(
    b: &Builder,
    root: &Element,
    page: &FailureListPage,
    locale: &str,
) -> Result<(), JsValue> {
    let title = Text::new("recent_title");
    if let Some(document) = root.owner_document() {
        document.set_title(&title.resolve(b.messages));
    }
    root.replace_children_with_node_0();
    root.set_attribute("data-rows", &page.rows.len().to_string())?;

    let heading = b.message("h1", "", &title)?;
    // Focus comes back here when the focused button goes (Clear).
    heading.set_attribute("tabindex", "-1")?;
    append(root, &heading)?;
    append(
        root,
        &b.message("p", "recent-intro", &Text::new("recent_intro"))?,
    )?;

    if page.rows.is_empty() {
        let empty = b.message("p", "recent-empty", &Text::new("recent_empty"))?;
        empty.set_attribute("data-field", "empty")?;
        append(root, &empty)?;
    } else {
        let list = b.element("ol", "recent")?;
        for row in &page.rows {
            append(&list, &entry(b, row, locale)?)?;
        }
        append(root, &list)?;
    }

    let actions = b.element("div", "actions")?;
    if !page.rows.is_empty() {
        append(
            &actions,
            &b.button("", "recent_clear", Action::ClearRecent)?,
        )?;
    }
    append(
        &actions,
        &b.button("", "recent_settings", Action::OpenOptions)?,
    )?;
    append(root, &actions)?;
    Ok(())
}

/// One failure of the list: its site, cause, error, and when it last came.
fn entry(b: &Builder, row: &Row, locale: &str) -> Result<Element, JsValue> {
    let item = b.element("li", "recent-item")?;
    item.set_attribute("data-cause", &row.cause)?;
    item.set_attribute("data-class", row.class.id())?;

    let head = b.element("div", "recent-head")?;
    let host = b.element("h2", "")?;
    append(&host, &b.field("host", &row.site)?)?;
    append(&head, &host)?;
    append(&head, &when(b, row.time, locale)?)?;
    append(&item, &head)?;

    let cause = b.message("p", "recent-cause", &row.cause_title)?;
    cause.set_attribute("data-field", "cause")?;
    append(&item, &cause)?;

    let code = b.element("p", "recent-error")?;
    append(&code, &b.field("error", &row.error)?)?;
    if let Some(repeated) = &row.repeated {
        let count = b.message("span", "recent-count", repeated)?;
        count.set_attribute("data-field", "repeated")?;
        append(&code, &count)?;
    }
    append(&item, &code)?;
    Ok(item)
}

/// `<time datetime=ISO>` showing `ms` (since the epoch) in `locale`.
/// The core only lists times a `Date` can hold, so `toISOString` cannot throw.
fn when(b: &Builder, ms: f64, locale: &str) -> Result<Element, JsValue> {
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into())?;
    js_sys::Reflect::set(&options, &"timeStyle".into(), &"medium".into())?;
    let checked: &CheckedDate = date.unchecked_ref();
    let shown = checked
        .to_locale_string(&JsValue::from_str(locale), &options)
        .or_else(|_| checked.to_locale_string(&JsValue::UNDEFINED, &options))?;
    let element = b.text_element("time", "", &shown)?;
    element.set_attribute("datetime", &String::from(date.to_iso_string()))?;
    element.set_attribute("data-field", "time")?;
    Ok(element)
}
