//! What every page of ours shares: its document, the builder of its
//! elements, its event listeners and the JS contract (`extension/page-api.js`).
//! Each page is a module of its own (`web/error-page`, `web/options-page`,
//! `web/recent-page`), so that a page loads only its own code; this crate
//! exports nothing to JS by itself.
#![forbid(unsafe_code)]

/// The extension APIs, as `extension/page-api.js` provides them.
pub mod api;
/// Builds elements and text nodes.
pub mod dom;

use std::cell::RefCell;
use std::future::Future;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use netwhy::i18n::Text;
use netwhy_boundary::BrowserMessages;

use dom::Builder;

/// Starts the page: sets its language, then runs `show` on it. Each page's
/// `start`, which `extension/page.js` calls once the module is ready.
pub fn start<F, S>(show: S) -> Result<(), JsValue>
where
    S: FnOnce(Page) -> F,
    F: Future<Output = Result<(), JsValue>> + 'static,
{
    let page = Page::new()?;
    // The language the messages come in, so that screen readers and
    // hyphenation follow the text, not the browser's first choice.
    if let Some(html) = page.document.document_element() {
        html.set_attribute("lang", &Text::new("html_lang").resolve(&BrowserMessages))?;
    }
    let shown = show(page);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(problem) = shown.await {
            web_sys::console::error_2(&"NetWhy could not show this page".into(), &problem);
        }
    });
    Ok(())
}

/// One of our pages: its document and the `#app` element it is built in.
#[derive(Clone)]
pub struct Page {
    pub document: Document,
    pub root: Element,
}

impl Page {
    fn new() -> Result<Page, JsValue> {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or("no document")?;
        let root = document.get_element_by_id("app").ok_or("no #app element")?;
        Ok(Page { document, root })
    }

    /// Builds elements here, with the user's language.
    pub fn builder(&self) -> Builder<'static> {
        Builder::new(self.document.clone(), &BrowserMessages)
    }

    /// Says that the page is built and its work done (tests wait for `data-ready`).
    pub fn mark_ready(&self) -> Result<(), JsValue> {
        self.stamp("tReady");
        match self.document.document_element() {
            Some(html) => html.set_attribute("data-ready", "true"),
            None => Ok(()),
        }
    }

    /// When a step ended, in ms since the epoch, on `<html data-t-*>`, for
    /// tests/bench/ (`step` in camelCase, as `dataset` names it).
    pub fn stamp(&self, step: &str) {
        let attribute = step.chars().fold(String::from("data-"), |mut name, c| {
            if c.is_ascii_uppercase() {
                name.push('-');
            }
            name.push(c.to_ascii_lowercase());
            name
        });
        if let Some(html) = self.document.document_element() {
            // Whole milliseconds, written as an integer: `Date.now()` has
            // no fraction, and f64's `Display` is kilobytes of code.
            let now = js_sys::Date::now() as u64;
            let _ = html.set_attribute(&attribute, &now.to_string());
        }
    }

    /// Keeps `listener` for as long as the page lives (a page of ours is
    /// never torn down but by leaving it).
    pub fn keep(&self, listener: gloo_events::EventListener) {
        LISTENERS.with(|kept| kept.borrow_mut().push(listener));
    }
}

thread_local! {
    /// The page's event listeners: owned, so none is leaked or added twice.
    static LISTENERS: RefCell<Vec<gloo_events::EventListener>> = const { RefCell::new(Vec::new()) };
}
