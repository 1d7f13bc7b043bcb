//! The options page: the settings form, rendered from the settings in force,
//! and read back into what `storage.sync` keeps on every change.

use gloo_events::EventListener;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlTextAreaElement};

use netwhy::catalog::Class;
use netwhy::i18n::Text;
use netwhy::policy::settings::{self, InForce, MAX_RETRY_SECONDS, MIN_RETRY_SECONDS};
use netwhy_boundary::{from_js, to_js, BrowserMessages};

use netwhy_page::api::{self, done};
use netwhy_page::dom::{append, Builder};
use netwhy_page::Page;

/// Renders the form from the settings in force and saves each change.
pub async fn show(page: Page) -> Result<(), JsValue> {
    let (user, managed) = (api::user_settings(), api::settings());
    let user = from_js(done(user).await?).unwrap_or_default();
    let managed = js_sys::Reflect::get(&done(managed).await?, &"managed".into())?;
    let in_force = settings::in_force(user, from_js(managed).unwrap_or_default());
    form(&page.builder(), &page.root, &in_force)?;
    let form = page.root.query_selector("form")?.ok_or("no form")?;
    let saving = page.clone();
    let changed = EventListener::new(&form, "change", move |_| {
        let page = saving.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(problem) = save(&page).await {
                web_sys::console::error_2(&"NetWhy could not save the settings".into(), &problem);
            }
        });
    });
    page.keep(changed);
    page.mark_ready()
}

/// Saves the form's values and says so in its status line.
async fn save(page: &Page) -> Result<(), JsValue> {
    done(api::save_user_settings(&to_js(&read_form(
        &page.document,
    )?)?))
    .await?;
    let status = page
        .root
        .query_selector("[data-field=\"saved\"]")?
        .ok_or("no status line")?;
    status.set_text_content(Some(&Text::new("options_saved").resolve(&BrowserMessages)));
    status.set_attribute("data-saved", &(js_sys::Date::now() as u64).to_string())
}

/// The settings form into `root`; what an administrator set is shown but disabled.
fn form(b: &Builder, root: &Element, in_force: &InForce) -> Result<(), JsValue> {
    let settings = &in_force.settings;
    let locked = |name: &str| in_force.locked.contains(&name);
    root.replace_children_with_node_0();
    append(root, &b.message("h1", "", &Text::new("options_title"))?)?;
    if !in_force.locked.is_empty() {
        append(
            root,
            &b.message("p", "locked-note", &Text::new("options_locked"))?,
        )?;
    }
    let form = b.element("form", "options")?;

    append(
        &form,
        &checkbox(
            b,
            "enabled",
            "options_enabled",
            settings.enabled,
            locked("enabled"),
        )?,
    )?;

    let classes = b.element("fieldset", "")?;
    classes.set_attribute("data-setting", "skippedClasses")?;
    append(
        &classes,
        &b.message("legend", "", &Text::new("options_classes"))?,
    )?;
    for class in Class::ALL.iter().filter(|class| class.intercept()) {
        let on = !settings.skips(*class);
        let row = checkbox(
            b,
            class.id(),
            &class.title_key(),
            on,
            locked("skippedClasses"),
        )?;
        row.set_attribute("data-class", class.id())?;
        append(&classes, &row)?;
    }
    append(&form, &classes)?;

    let hosts = b.element("textarea", "")?;
    hosts.set_id("excludedHosts");
    hosts.set_attribute("data-setting", "excludedHosts")?;
    hosts.set_attribute("rows", "4")?;
    hosts.append_with_str_1(&settings.excluded_hosts.join("\n"))?;
    disable_if(&hosts, locked("excludedHosts"))?;
    let label = b.message("label", "", &Text::new("options_excluded_hosts"))?;
    label.set_attribute("for", "excludedHosts")?;
    append(&form, &label)?;
    append(&form, &hosts)?;

    append(
        &form,
        &checkbox(
            b,
            "autoRetry",
            "options_auto_retry",
            settings.auto_retry,
            locked("autoRetry"),
        )?,
    )?;

    let pause = b.message("label", "", &Text::new("options_max_retry_seconds"))?;
    let seconds: HtmlInputElement = b.element("input", "")?.unchecked_into();
    seconds.set_type("number");
    seconds.set_min(&MIN_RETRY_SECONDS.to_string());
    seconds.set_max(&MAX_RETRY_SECONDS.to_string());
    seconds.set_value(&settings.max_retry_seconds.to_string());
    seconds.set_attribute("data-setting", "maxRetrySeconds")?;
    disable_if(&seconds, locked("maxRetrySeconds"))?;
    append(&pause, &seconds)?;
    append(&form, &pause)?;

    append(root, &form)?;
    let status = b.element("p", "status")?;
    status.set_attribute("data-field", "saved")?;
    status.set_attribute("role", "status")?;
    append(root, &status)?;
    Ok(())
}

/// `<label><input type=checkbox data-setting=name> text</label>`.
fn checkbox(
    b: &Builder,
    name: &str,
    key: &str,
    checked: bool,
    locked: bool,
) -> Result<Element, JsValue> {
    let label = b.element("label", "check")?;
    let input: HtmlInputElement = b.element("input", "")?.unchecked_into();
    input.set_type("checkbox");
    input.set_checked(checked);
    input.set_attribute("data-setting", name)?;
    disable_if(&input, locked)?;
    append(&label, &input)?;
    label.append_with_str_1(&Text::new(key).resolve(b.messages))?;
    Ok(label)
}

fn disable_if(element: &Element, locked: bool) -> Result<(), JsValue> {
    if locked {
        element.set_attribute("disabled", "")?;
        element.set_attribute("data-locked", "true")?;
    }
    Ok(())
}

/// The form's values, as `storage.sync` keeps them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormValues {
    enabled: bool,
    skipped_classes: Vec<&'static str>,
    excluded_hosts: Vec<String>,
    auto_retry: bool,
    max_retry_seconds: u32,
}

/// Reads the settings form back.
pub fn read_form(document: &Document) -> Result<FormValues, JsValue> {
    let input = |name: &str| -> Result<HtmlInputElement, JsValue> {
        let selector = format!("input[data-setting=\"{name}\"]");
        Ok(document
            .query_selector(&selector)?
            .ok_or("missing input")?
            .unchecked_into())
    };
    let mut skipped_classes = Vec::new();
    for class in Class::ALL.iter().filter(|class| class.intercept()) {
        if !input(class.id())?.checked() {
            skipped_classes.push(class.id());
        }
    }
    let hosts: HtmlTextAreaElement = document
        .get_element_by_id("excludedHosts")
        .ok_or("missing host list")?
        .unchecked_into();
    let excluded_hosts = hosts
        .value()
        .split(['\n', ',', ' '])
        .map(str::trim)
        .filter(|host| !host.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(FormValues {
        enabled: input("enabled")?.checked(),
        skipped_classes,
        excluded_hosts,
        auto_retry: input("autoRetry")?.checked(),
        max_retry_seconds: input("maxRetrySeconds")?.value().parse().unwrap_or(60),
    })
}
