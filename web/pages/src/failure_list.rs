//! Renders the recent-failures page (the toolbar button's popup, or a tab)
//! with web-sys: elements and text nodes only, because hosts and errors are
//! attacker-controlled.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::render::{append, Builder};
use netwhy::i18n::Text;
use netwhy::views::failure_list::{FailureListPage, Row};

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

impl Builder<'_> {
    /// The list into `root`, replacing what was there; `locale` (a BCP 47
    /// tag, the browser's UI language) formats the times.
    pub fn recent(
        &self,
        root: &Element,
        page: &FailureListPage,
        locale: &str,
    ) -> Result<(), JsValue> {
        let title = Text::new("recent_title");
        if let Some(document) = root.owner_document() {
            document.set_title(&title.resolve(self.messages));
        }
        root.replace_children_with_node_0();
        root.set_attribute("data-rows", &page.rows.len().to_string())?;

        let heading = self.message("h1", "", &title)?;
        // recent.js moves focus here when the focused button goes (Clear).
        heading.set_attribute("tabindex", "-1")?;
        append(root, &heading)?;
        append(
            root,
            &self.message("p", "recent-intro", &Text::new("recent_intro"))?,
        )?;

        if page.rows.is_empty() {
            let empty = self.message("p", "recent-empty", &Text::new("recent_empty"))?;
            empty.set_attribute("data-field", "empty")?;
            append(root, &empty)?;
        } else {
            let list = self.element("ol", "recent")?;
            for row in &page.rows {
                append(&list, &self.row(row, locale)?)?;
            }
            append(root, &list)?;
        }

        let actions = self.element("div", "actions")?;
        if !page.rows.is_empty() {
            append(&actions, &self.button("", "recent_clear", "clear-recent")?)?;
        }
        append(
            &actions,
            &self.button("", "recent_settings", "open-options")?,
        )?;
        append(root, &actions)?;
        Ok(())
    }

    fn row(&self, row: &Row, locale: &str) -> Result<Element, JsValue> {
        let item = self.element("li", "recent-item")?;
        item.set_attribute("data-cause", &row.cause)?;
        item.set_attribute("data-class", row.class.id())?;

        let head = self.element("div", "recent-head")?;
        let host = self.element("h2", "")?;
        append(&host, &self.untrusted("host", &row.site)?)?;
        append(&head, &host)?;
        append(&head, &self.time(row.time, locale)?)?;
        append(&item, &head)?;

        let cause = self.message("p", "recent-cause", &row.cause_title)?;
        cause.set_attribute("data-field", "cause")?;
        append(&item, &cause)?;

        let code = self.element("p", "recent-error")?;
        append(&code, &self.untrusted("error", &row.error)?)?;
        if let Some(repeated) = &row.repeated {
            let count = self.message("span", "recent-count", repeated)?;
            count.set_attribute("data-field", "repeated")?;
            append(&code, &count)?;
        }
        append(&item, &code)?;
        Ok(item)
    }

    /// `<bdi class=field data-field=…>`: direction-isolated untrusted text.
    fn untrusted(&self, name: &str, text: &str) -> Result<Element, JsValue> {
        let element = self.text_element("bdi", "field", text)?;
        element.set_attribute("data-field", name)?;
        Ok(element)
    }

    /// `<time datetime=ISO>` showing `ms` (since the epoch) in `locale`.
    /// The core only lists times a `Date` can hold, so `toISOString` cannot throw.
    fn time(&self, ms: f64, locale: &str) -> Result<Element, JsValue> {
        let date = js_sys::Date::new(&JsValue::from_f64(ms));
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into())?;
        js_sys::Reflect::set(&options, &"timeStyle".into(), &"medium".into())?;
        let checked: &CheckedDate = date.unchecked_ref();
        let shown = checked
            .to_locale_string(&JsValue::from_str(locale), &options)
            .or_else(|_| checked.to_locale_string(&JsValue::UNDEFINED, &options))?;
        let element = self.text_element("time", "", &shown)?;
        element.set_attribute("datetime", &String::from(date.to_iso_string()))?;
        element.set_attribute("data-field", "time")?;
        Ok(element)
    }
}
