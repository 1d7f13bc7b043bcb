//! Renders a [`Page`] into the document with web-sys: elements and text
//! nodes only, never HTML strings, because the URL, host and error are
//! attacker-controlled.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::i18n::{Messages, Text};
use crate::page::{CauseView, Page};

/// Appends `child` as the last child of `parent`.
pub(crate) fn append(parent: &Element, child: &Element) -> Result<(), JsValue> {
    parent.append_with_node_1(child)
}

/// Builds elements in one document, resolving texts with one message source.
pub struct Builder<'a> {
    document: Document,
    pub(crate) messages: &'a dyn Messages,
}

impl<'a> Builder<'a> {
    pub fn new(document: Document, messages: &'a dyn Messages) -> Builder<'a> {
        Builder { document, messages }
    }

    /// `<tag>` with optional class.
    pub(crate) fn element(&self, tag: &str, class: &str) -> Result<Element, JsValue> {
        let element = self.document.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        Ok(element)
    }

    /// `<tag>` holding `text` as a text node.
    pub(crate) fn text_element(
        &self,
        tag: &str,
        class: &str,
        text: &str,
    ) -> Result<Element, JsValue> {
        let element = self.element(tag, class)?;
        element.append_with_str_1(text)?;
        Ok(element)
    }

    /// `<tag>` holding a message.
    pub(crate) fn message(&self, tag: &str, class: &str, text: &Text) -> Result<Element, JsValue> {
        self.text_element(tag, class, &text.resolve(self.messages))
    }

    /// `<button type=button data-action=…>` labelled with a message; error.js
    /// and the core's own listeners find actions by `data-action`.
    pub(crate) fn button(
        &self,
        class: &str,
        label: &str,
        action: &str,
    ) -> Result<Element, JsValue> {
        let button = self.message("button", class, &Text::new(label))?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-action", action)?;
        Ok(button)
    }

    /// Untrusted text, isolated from the surrounding text direction and
    /// tagged for tests: `<bdi data-field=…>`.
    fn field(&self, name: &str, text: &str) -> Result<Element, JsValue> {
        let element = self.text_element("bdi", "field", text)?;
        element.set_attribute("data-field", name)?;
        Ok(element)
    }

    /// The whole page, replacing the contents of `root`.
    pub fn page(&self, root: &Element, page: &Page) -> Result<(), JsValue> {
        self.document
            .set_title(&page.document_title.resolve(self.messages));
        root.replace_children_with_node_0();
        root.set_attribute("data-class", page.class.id())?;

        let header = self.element("header", "summary")?;
        append(&header, &self.message("h1", "headline", &page.headline)?)?;
        let address = self.element("p", "address")?;
        append(&address, &self.field("url", &page.url)?)?;
        append(&header, &address)?;
        append(
            &header,
            &self.message("p", "explanation", &page.explanation)?,
        )?;
        append(root, &header)?;

        if !page.causes.is_empty() {
            let causes = self.element("section", "causes")?;
            for (rank, cause) in page.causes.iter().enumerate() {
                let article = self.cause(cause)?;
                if rank == 0 && page.offer_extension_list {
                    // error.js asks for `management` on click: the request
                    // needs the click's user gesture.
                    let ask = self.button("", "action_show_extensions", "show-extensions")?;
                    append(&article, &ask)?;
                }
                append(&causes, &article)?;
            }
            append(root, &causes)?;
        }

        append(root, &self.actions(page)?)?;
        append(root, &self.details(page)?)?;
        Ok(())
    }

    fn cause(&self, cause: &CauseView) -> Result<Element, JsValue> {
        let article = self.element("article", "cause")?;
        article.set_attribute("data-cause", &cause.id)?;
        article.set_attribute("data-confidence", &cause.confidence.to_string())?;
        append(&article, &self.message("h2", "", &cause.title)?)?;
        for (tag, class, texts) in [
            ("ul", "evidence", &cause.evidence),
            ("ol", "steps", &cause.steps),
        ] {
            if texts.is_empty() {
                continue;
            }
            let list = self.element(tag, class)?;
            for text in texts {
                append(&list, &self.message("li", "", text)?)?;
            }
            append(&article, &list)?;
        }
        Ok(article)
    }

    fn actions(&self, page: &Page) -> Result<Element, JsValue> {
        let actions = self.element("div", "actions")?;
        if let Some(url) = page.retry_url.clone() {
            let retry = self.button("primary", "action_retry", "retry")?;
            let load = Closure::<dyn Fn()>::new(move || {
                if let Some(window) = web_sys::window() {
                    // replace(): our page leaves history, so Back skips it.
                    let _ = window.location().replace(&url);
                }
            });
            retry.add_event_listener_with_callback("click", load.as_ref().unchecked_ref())?;
            // The page lives as long as the listener; nothing to free.
            load.forget();
            // Enter tries again at once: the action people came for.
            retry.set_attribute("autofocus", "")?;
            append(&actions, &retry)?;
        }
        let copy = self.button("", "action_copy_report", "copy-report")?;
        append(&actions, &copy)?;
        for (href, label, action) in [
            (&page.archive_url, "action_archive", "archive"),
            (&page.status_url, "action_status_check", "status-check"),
        ] {
            if let Some(href) = href {
                let link = self.message("a", "outside", &Text::new(label))?;
                link.set_attribute("href", href)?;
                link.set_attribute("data-action", action)?;
                link.set_attribute("target", "_blank")?;
                // The other site learns nothing of where the user came from.
                link.set_attribute("rel", "noreferrer noopener")?;
                append(&actions, &link)?;
            }
        }
        if let Some(max_seconds) = page.auto_retry {
            append(&actions, &self.auto_retry(max_seconds)?)?;
        }
        Ok(actions)
    }

    /// The status line of automatic re-checks and its Stop button; error.js
    /// runs the checks and fills in the countdown.
    fn auto_retry(&self, max_seconds: u32) -> Result<Element, JsValue> {
        let status = self.element("p", "auto-retry")?;
        status.set_attribute("data-auto-retry", "waiting")?;
        status.set_attribute("data-max-seconds", &max_seconds.to_string())?;
        let text = self.message("span", "", &Text::new("retry_waiting"))?;
        text.set_attribute("data-field", "retry-status")?;
        // A countdown read out every second would drown everything else.
        text.set_attribute("aria-live", "off")?;
        append(&status, &text)?;
        let stop = self.button("", "action_stop_retry", "stop-retry")?;
        append(&status, &stop)?;
        Ok(status)
    }

    fn details(&self, page: &Page) -> Result<Element, JsValue> {
        let details = self.element("dl", "details")?;
        let port = page.port.to_string();
        let rows = [
            ("field_host", self.field("host", &page.host)?),
            ("field_port", self.field("port", &port)?),
            ("field_error", self.field("error", &page.error)?),
        ];
        for (label, value) in rows {
            append(&details, &self.message("dt", "", &Text::new(label))?)?;
            let cell = self.element("dd", "")?;
            append(&cell, &value)?;
            append(&details, &cell)?;
        }
        Ok(details)
    }

    /// The neutral page for a token we do not know.
    pub fn missing(&self, root: &Element) -> Result<(), JsValue> {
        root.replace_children_with_node_0();
        append(
            root,
            &self.message("p", "explanation", &Text::new("page_unknown_token"))?,
        )?;
        Ok(())
    }
}
