//! Renders an [`ErrorPage`] into the document with the shared [`Builder`].

use std::ops::Deref;

use wasm_bindgen::prelude::*;
use web_sys::Element;

use netwhy::i18n::Text;
use netwhy::views::action::Action;
use netwhy::views::error_page::{AutoRetry, CauseView, ErrorPage, ExtensionAction, WaitFor};
use netwhy_page::dom::{append, Builder};
use netwhy_page::Page;

/// The key (no modifier) that tries again, anywhere on the error page.
pub const RETRY_KEY: char = 'r';
/// The `data-field` of the choice to copy the full address in the report.
pub const FULL_URL_FIELD: &str = "report-full-url";

/// The shared builder with the error page's own parts.
pub struct View(Builder<'static>);

impl View {
    pub fn of(page: &Page) -> View {
        View(page.builder())
    }
}

impl Deref for View {
    type Target = Builder<'static>;
    fn deref(&self) -> &Builder<'static> {
        &self.0
    }
}

impl View {
    /// The whole page, replacing the contents of `root`.
    pub fn page(&self, root: &Element, page: &ErrorPage) -> Result<(), JsValue> {
        self.document()
            .set_title(&page.document_title.resolve(self.messages));
        root.replace_children_with_node_0();
        root.set_attribute("data-class", page.class.id())?;

        let header = self.element("header", "summary")?;
        append(&header, &self.message("h1", "headline", &page.headline)?)?;
        let address = self.element("p", "address")?;
        append(&address, &self.field("url", &page.url)?)?;
        append(&header, &address)?;
        for (note, class) in [
            (&page.sent_by, "sent-by"),
            (&page.address_note, "address-note"),
        ] {
            if let Some(note) = note {
                let line = self.message("p", class, note)?;
                line.set_attribute("data-field", class)?;
                append(&header, &line)?;
            }
        }
        append(
            &header,
            &self.message("p", "explanation", &page.explanation)?,
        )?;
        append(root, &header)?;

        if let Some(panel) = &page.probes {
            append(root, &self.probe_panel(panel)?)?;
        }
        if let Some(causes) = self.causes(page)? {
            append(root, &causes)?;
        }

        append(root, &self.actions(page)?)?;
        append(root, &self.details(page)?)?;
        Ok(())
    }

    /// The causes, the likeliest first and the rest one click away; built
    /// on its own so that new evidence can replace just this part.
    pub fn causes(&self, page: &ErrorPage) -> Result<Option<Element>, JsValue> {
        let Some((top, others)) = page.causes.split_first() else {
            return Ok(None);
        };
        let causes = self.element("section", "causes")?;
        let article = self.cause(top)?;
        if page.offer_extension_list {
            // Asked for on the click itself: the permission request
            // needs the click's user gesture.
            let ask = self.button("", "action_show_extensions", Action::ShowExtensions)?;
            append(&article, &ask)?;
        }
        append(&causes, &article)?;
        // The likeliest cause is the answer; the rest wait one click away.
        if !others.is_empty() {
            let more = self.element("details", "others")?;
            let count = others.len().to_string();
            let summary = Text::with("page_other_causes", [count]);
            append(&more, &self.message("summary", "", &summary)?)?;
            for cause in others {
                append(&more, &self.cause(cause)?)?;
            }
            append(&causes, &more)?;
        }
        Ok(Some(causes))
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
        for extension in &cause.extensions {
            append(&article, &self.extension_actions(extension)?)?;
        }
        if let Some(url) = &cause.login_url {
            let open = self.button("primary", "action_open_login_page", Action::OpenLoginPage)?;
            open.set_attribute("data-url", url)?;
            append(&article, &open)?;
        }
        Ok(article)
    }

    /// Buttons for an extension the cause blames: its settings, and turning
    /// it off behind a confirmation.
    fn extension_actions(&self, extension: &ExtensionAction) -> Result<Element, JsValue> {
        let group = self.element("div", "extension-actions")?;
        group.set_attribute("data-extension", &extension.id)?;
        group.set_attribute("data-name", &extension.name)?;
        let name = [extension.name.as_str()];
        if let Some(url) = &extension.settings_url {
            let label = Text::with("action_open_extension_settings", name);
            let open = self.labelled_button("", &label, Action::OpenExtensionSettings)?;
            open.set_attribute("data-url", url)?;
            append(&group, &open)?;
        }
        if extension.can_turn_off {
            let label = Text::with("action_turn_off_extension", name);
            let turn_off = self.labelled_button("", &label, Action::TurnOffExtension)?;
            turn_off.set_attribute("aria-expanded", "false")?;
            append(&group, &turn_off)?;
            let confirm = self.element("div", "confirm")?;
            confirm.set_attribute("hidden", "")?;
            confirm.set_attribute("role", "group")?;
            let question = Text::with("confirm_turn_off_extension", name);
            append(&confirm, &self.message("p", "", &question)?)?;
            let yes = self.button("primary", "action_confirm_turn_off", Action::ConfirmTurnOff)?;
            append(&confirm, &yes)?;
            append(
                &confirm,
                &self.button("", "action_cancel", Action::CancelTurnOff)?,
            )?;
            append(&group, &confirm)?;
        }
        Ok(group)
    }

    fn actions(&self, page: &ErrorPage) -> Result<Element, JsValue> {
        let actions = self.element("div", "actions")?;
        if page.retry_url.is_some() {
            let retry = self.button("primary", "action_retry", Action::Retry)?;
            // Enter tries again at once: the action people came for.
            retry.set_attribute("autofocus", "")?;
            self.shortcut(&retry, RETRY_KEY)?;
            append(&actions, &retry)?;
        }
        let copy = self.button("", "action_copy_report", Action::CopyReport)?;
        if !page.outside_first {
            append(&actions, &copy)?;
        }
        for (href, label, action) in [
            (&page.archive_url, "action_archive", Action::Archive),
            (&page.status_url, "action_status_check", Action::StatusCheck),
        ] {
            if let Some(href) = href {
                let link = self.message("a", "outside", &Text::new(label))?;
                link.set_attribute("href", href)?;
                link.set_attribute("data-action", action.id())?;
                link.set_attribute("target", "_blank")?;
                // The other site learns nothing of where the user came from.
                link.set_attribute("rel", "noreferrer noopener")?;
                append(&actions, &link)?;
            }
        }
        // Only this site is down: the outside copy and check come right
        // after Try again, before the report.
        if page.outside_first {
            actions.set_attribute("data-outside", "first")?;
            append(&actions, &copy)?;
        }
        if let Some(retry) = &page.auto_retry {
            append(&actions, &self.auto_retry(retry)?)?;
        }
        append(&actions, &self.report_offer(page)?)?;
        Ok(actions)
    }

    /// What Copy report copies, in one line, and the choice to copy the
    /// address whole when it has a query or fragment to leave out.
    fn report_offer(&self, page: &ErrorPage) -> Result<Element, JsValue> {
        let offer = self.element("div", "report-offer")?;
        let contents = self.message("p", "", &page.report.contents)?;
        contents.set_attribute("data-field", "report-contents")?;
        append(&offer, &contents)?;
        if let Some(label) = &page.report.include_query {
            let choice = self.message("label", "check", label)?;
            let input = self.element("input", "")?;
            input.set_attribute("type", "checkbox")?;
            input.set_attribute("data-field", FULL_URL_FIELD)?;
            choice.prepend_with_node_1(&input)?;
            append(&offer, &choice)?;
        }
        Ok(offer)
    }

    /// Says that pressing `key` (the page's listener handles it) clicks
    /// `button`: to assistive technology and in its tooltip.
    fn shortcut(&self, button: &Element, key: char) -> Result<(), JsValue> {
        let key = key.to_ascii_uppercase().to_string();
        button.set_attribute("aria-keyshortcuts", &key)?;
        let hint = Text::with("action_shortcut_hint", [key]);
        button.set_attribute("title", &hint.resolve(self.messages))?;
        Ok(())
    }

    /// The status line of automatic re-checks and its Stop button; the
    /// page's re-checks fill in the countdown, and first wait for what
    /// `data-waits-for` names, saying so.
    fn auto_retry(&self, retry: &AutoRetry) -> Result<Element, JsValue> {
        let status = self.element("p", "auto-retry")?;
        status.set_attribute("data-auto-retry", "waiting")?;
        status.set_attribute("data-max-seconds", &retry.max_seconds.to_string())?;
        let key = retry
            .waits_for
            .map_or("retry_waiting", WaitFor::message_key);
        if let Some(waits_for) = retry.waits_for {
            status.set_attribute("data-waits-for", waits_for.id())?;
        }
        let text = self.message("span", "", &Text::new(key))?;
        text.set_attribute("data-field", "retry-status")?;
        // A countdown read out every second would drown everything else.
        text.set_attribute("aria-live", "off")?;
        append(&status, &text)?;
        let stop = self.button("", "action_stop_retry", Action::StopRetry)?;
        append(&status, &stop)?;
        Ok(status)
    }

    fn details(&self, page: &ErrorPage) -> Result<Element, JsValue> {
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
