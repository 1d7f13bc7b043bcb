//! The pages' module: renders the error page, the options page and the list
//! of recent failures with web-sys, and drives them: their events, the
//! re-checks, the actions. No decisions are made here: the core builds each
//! page as data (`netwhy::views`).
#![forbid(unsafe_code)]

/// The extension APIs, as `extension/page-api.js` provides them.
mod api;
/// The error page: its record, its actions, its keyboard shortcut.
mod error_page;
/// The recent-failures page.
mod failure_list;
/// The options form: rendered from the settings in force, read back, saved.
mod options;
/// Looking for the server at other addresses of this computer.
mod probes;
/// Builds elements and text nodes; the error page's DOM.
mod render;
/// The error page's automatic re-checks.
mod retry;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use netwhy::i18n::Text;
use netwhy_boundary::BrowserMessages;

use render::Builder;

/// Starts the page this document is (`<body data-page=…>`): `error`,
/// `options` or `recent`. `extension/page.js` calls it once the module is
/// ready; everything after that is the core's.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    let page = Page::new()?;
    // The language the messages come in, so that screen readers and
    // hyphenation follow the text, not the browser's first choice.
    if let Some(html) = page.document.document_element() {
        html.set_attribute("lang", &Text::new("html_lang").resolve(&BrowserMessages))?;
    }
    let kind = page
        .document
        .body()
        .and_then(|body| body.get_attribute("data-page"));
    wasm_bindgen_futures::spawn_local(async move {
        let shown = match kind.as_deref() {
            Some("error") => error_page::show(page).await,
            Some("options") => options::show(page).await,
            Some("recent") => failure_list::show(page).await,
            _ => Err("no data-page on <body>".into()),
        };
        if let Err(problem) = shown {
            web_sys::console::error_2(&"NetWhy could not show this page".into(), &problem);
        }
    });
    Ok(())
}

/// One of our pages: its document and the `#app` element it is built in.
#[derive(Clone)]
pub(crate) struct Page {
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
            let _ = html.set_attribute(&attribute, &js_sys::Date::now().to_string());
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
