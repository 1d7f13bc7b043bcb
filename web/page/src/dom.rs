//! Builds our pages' elements with web-sys: elements and text nodes only,
//! never HTML strings, because the URL, host and error, and other
//! extensions' names, are attacker-controlled.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use netwhy::i18n::{Messages, Text};
use netwhy::views::action::Action;

/// Marks a substitution in a message resolved for [`Builder::message`]:
/// private-use characters, which no translation contains.
const ARG_START: char = '\u{E000}';
const ARG_END: char = '\u{E001}';

/// Appends `child` as the last child of `parent`.
pub fn append(parent: &Element, child: &Element) -> Result<(), JsValue> {
    parent.append_with_node_1(child)
}

/// Builds elements in one document, resolving texts with one message source.
pub struct Builder<'a> {
    document: Document,
    pub messages: &'a dyn Messages,
}

impl<'a> Builder<'a> {
    pub fn new(document: Document, messages: &'a dyn Messages) -> Builder<'a> {
        Builder { document, messages }
    }

    /// The document the elements are made in.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// `<tag>` with optional class.
    pub fn element(&self, tag: &str, class: &str) -> Result<Element, JsValue> {
        let element = self.document.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        Ok(element)
    }

    /// `<tag>` holding `text` as a text node.
    pub fn text_element(&self, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
        let element = self.element(tag, class)?;
        element.append_with_str_1(text)?;
        Ok(element)
    }

    /// `<tag>` holding a message. Each substitution (a host, an extension's
    /// name, an error string: often the site's or another extension's text)
    /// is a `<bdi>` of its own, so that a right-to-left name cannot reorder
    /// the sentence around it.
    pub fn message(&self, tag: &str, class: &str, text: &Text) -> Result<Element, JsValue> {
        let element = self.element(tag, class)?;
        if text.args.is_empty() {
            element.append_with_str_1(&text.resolve(self.messages))?;
            return Ok(element);
        }
        let markers: Vec<String> = (0..text.args.len())
            .map(|i| format!("{ARG_START}{i}{ARG_END}"))
            .collect();
        let markers: Vec<&str> = markers.iter().map(String::as_str).collect();
        let Some(template) = self.messages.get(&text.key, &markers) else {
            element.append_with_str_1(&text.key)?;
            return Ok(element);
        };
        for (i, part) in template.split(ARG_START).enumerate() {
            // Every part but the first begins with a marker's index.
            let (arg, plain) = match part.split_once(ARG_END) {
                Some((index, plain)) if i > 0 => (index.parse::<usize>().ok(), plain),
                _ => (None, part),
            };
            if let Some(arg) = arg.and_then(|index| text.args.get(index)) {
                append(&element, &self.text_element("bdi", "", arg)?)?;
            }
            if !plain.is_empty() {
                element.append_with_str_1(plain)?;
            }
        }
        Ok(element)
    }

    /// `<button type=button data-action=…>` labelled with a message; the
    /// page's one click listener finds the action by `data-action`.
    pub fn button(&self, class: &str, label: &str, action: Action) -> Result<Element, JsValue> {
        self.labelled_button(class, &Text::new(label), action)
    }

    /// [`Builder::button`] with a label that has substitutions.
    pub fn labelled_button(
        &self,
        class: &str,
        label: &Text,
        action: Action,
    ) -> Result<Element, JsValue> {
        let button = self.message("button", class, label)?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-action", action.id())?;
        Ok(button)
    }

    /// Untrusted text, isolated from the surrounding text direction and
    /// tagged for tests: `<bdi data-field=…>`.
    pub fn field(&self, name: &str, text: &str) -> Result<Element, JsValue> {
        let element = self.text_element("bdi", "field", text)?;
        element.set_attribute("data-field", name)?;
        Ok(element)
    }
}
