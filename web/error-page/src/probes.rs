//! Looking for the development server elsewhere on this computer: the
//! error page asks each address of the core's plan at once, shows answers
//! as they arrive (the panel is an `aria-live` region with its room kept,
//! so nothing below it jumps), and hands the results back for the
//! diagnosis.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Element, RequestMode};

use netwhy::evidence::failure::Failure;
use netwhy::evidence::probe::{Probe, ProbeResult};
use netwhy::views::action::Action;
use netwhy::views::probe_panel::ProbePanel;
use netwhy_boundary::to_js;

use netwhy_page::api;
use netwhy_page::dom::append;

use crate::error_page::Shown;
use crate::render::View;
use crate::retry::quiet_head;

impl View {
    /// The panel's region, filled with `panel`.
    pub(crate) fn probe_panel(&self, panel: &ProbePanel) -> Result<Element, JsValue> {
        let region = self.element("section", "probes")?;
        // Polite: the answers matter, but need not interrupt.
        region.set_attribute("role", "status")?;
        region.set_attribute("aria-live", "polite")?;
        self.fill_probe_panel(&region, panel)?;
        Ok(region)
    }

    /// Replaces what `region` shows with `panel`.
    pub(crate) fn fill_probe_panel(
        &self,
        region: &Element,
        panel: &ProbePanel,
    ) -> Result<(), JsValue> {
        region.replace_children_with_node_0();
        let state = match (panel.alternatives.is_empty(), panel.done) {
            (false, _) => "found",
            (true, false) => "checking",
            (true, true) => "none",
        };
        region.set_attribute("data-probes", state)?;
        if let Some(status) = &panel.status {
            append(region, &self.message("p", "probe-status", status)?)?;
        }
        for alternative in &panel.alternatives {
            let row = self.element("p", "alternative")?;
            row.set_attribute("data-address", &alternative.address)?;
            append(&row, &self.message("span", "", &alternative.found)?)?;
            let open = self.labelled_button("", &alternative.label, Action::OpenAlternative)?;
            open.set_attribute("data-url", &alternative.url)?;
            append(&row, &open)?;
            append(region, &row)?;
        }
        Ok(())
    }
}

/// One round of probes: every address of `plan` at once, each abandoned
/// after `timeout_ms` (the panel's, the core's `PROBE_TIMEOUT_MS`).
/// `on_answer` hears each result as it comes (in the order they come);
/// `on_done` gets them all, in plan order.
pub fn run(
    plan: Vec<Probe>,
    timeout_ms: u32,
    on_answer: impl Fn(&[ProbeResult]) + 'static,
    on_done: impl FnOnce(Vec<ProbeResult>) + 'static,
) {
    let round = Rc::new(Round {
        results: RefCell::new(Vec::with_capacity(plan.len())),
        left: Cell::new(plan.len()),
        on_answer: Box::new(on_answer),
        on_done: RefCell::new(Some(Box::new(on_done))),
        plan: plan.clone(),
    });
    for probe in plan {
        let round = Rc::clone(&round);
        wasm_bindgen_futures::spawn_local(async move {
            let answered = answers(&probe.url, timeout_ms).await;
            round.heard(ProbeResult {
                host: probe.host,
                port: probe.port,
                answered,
            });
        });
    }
}

/// Hears the results in so far, each time one comes.
type OnAnswer = dyn Fn(&[ProbeResult]);
/// Gets every result, in plan order.
type OnDone = dyn FnOnce(Vec<ProbeResult>);

struct Round {
    plan: Vec<Probe>,
    results: RefCell<Vec<ProbeResult>>,
    left: Cell<usize>,
    on_answer: Box<OnAnswer>,
    on_done: RefCell<Option<Box<OnDone>>>,
}

impl Round {
    fn heard(&self, result: ProbeResult) {
        self.results.borrow_mut().push(result);
        (self.on_answer)(&self.results.borrow());
        self.left.set(self.left.get() - 1);
        if self.left.get() > 0 {
            return;
        }
        let heard = self.results.take();
        let in_plan_order = self
            .plan
            .iter()
            .filter_map(|probe| {
                heard
                    .iter()
                    .find(|r| r.host == probe.host && r.port == probe.port)
                    .cloned()
            })
            .collect();
        if let Some(done) = self.on_done.borrow_mut().take() {
            done(in_plan_order);
        }
    }
}

/// Whether anything answers at `url` within `timeout_ms`: the re-checks'
/// quiet `HEAD` (nothing of the user goes with it), reading nothing back
/// (`no-cors`); any answer (a status, a redirect) counts.
async fn answers(url: &str, timeout_ms: u32) -> bool {
    quiet_head(url)
        .mode(RequestMode::NoCors)
        .abort_signal(Some(&AbortSignal::timeout_with_u32(timeout_ms)))
        .send()
        .await
        .is_ok()
}

/// The panel for `failure` with `results` in so far.
pub fn panel(failure: &Failure, plan: &[Probe], results: &[ProbeResult]) -> Option<ProbePanel> {
    ProbePanel::new(failure, plan.to_vec(), results)
}

impl Shown {
    /// Whether a probe found a server at another address.
    pub(crate) fn found_elsewhere(&self) -> bool {
        let record = self.record.borrow();
        let probes = record.evidence.probes.as_deref().unwrap_or_default();
        probes.iter().any(|probe| probe.answered)
    }

    /// Asks the plan's addresses whether a server answers, unless a round
    /// is under way. The first round shows each answer as it comes; later
    /// ones (at re-checks) change the page only when the answers change.
    pub(crate) fn look_elsewhere(self: &Rc<Self>) {
        let Some(ProbePanel {
            plan, timeout_ms, ..
        }) = self.model().probes
        else {
            return;
        };
        if self.probing.replace(true) {
            return;
        }
        let failure = self.record.borrow().failure.clone();
        let first = !self.probed_once.get();
        let region = self
            .page
            .root
            .query_selector("section.probes")
            .ok()
            .flatten();
        let page = self.page.clone();
        let shown_plan = plan.clone();
        let on_answer = move |results: &[ProbeResult]| {
            let panel = panel(&failure, &shown_plan, results);
            if let (true, Some(region), Some(panel)) = (first, &region, panel) {
                let _ = View::of(&page).fill_probe_panel(region, &panel);
            }
        };
        let shown = Rc::downgrade(self);
        let on_done = move |results: Vec<ProbeResult>| {
            if let Some(shown) = shown.upgrade() {
                if let Err(problem) = shown.probed(results, first) {
                    web_sys::console::error_2(
                        &"NetWhy could not show what it found".into(),
                        &problem,
                    );
                }
            }
        };
        run(plan, timeout_ms, on_answer, on_done);
    }

    /// Takes a round's results into the evidence: the diagnosis and the
    /// panel follow, the stored record keeps them (for the report), and a
    /// server found anew is a reason to check the address at once.
    fn probed(self: &Rc<Self>, results: Vec<ProbeResult>, first: bool) -> Result<(), JsValue> {
        self.probing.set(false);
        self.probed_once.set(true);
        if first {
            self.page.stamp("tProbed");
        }
        let answered = |results: &[ProbeResult]| -> Vec<(String, u16)> {
            let found = results.iter().filter(|r| r.answered);
            found.map(|r| (r.host.clone(), r.port)).collect()
        };
        let before = {
            let record = self.record.borrow();
            record
                .evidence
                .probes
                .as_deref()
                .map(answered)
                .unwrap_or_default()
        };
        let now = answered(&results);
        if !first && now == before {
            return Ok(());
        }
        let new_answer = now.iter().any(|found| !before.contains(found));
        let evidence = {
            let mut record = self.record.borrow_mut();
            record.evidence.probes = Some(results);
            to_js(&record.evidence)?
        };
        self.refresh()?;
        js_sys::Reflect::set(&self.stored, &"evidence".into(), &evidence)?;
        let _ = api::set_record_item(&self.key, &self.stored);
        if new_answer {
            self.check_now();
        }
        Ok(())
    }

    /// Shows the evidence as it is now: the panel and the causes, in place,
    /// so the rest of the page (and the focus) stays.
    fn refresh(&self) -> Result<(), JsValue> {
        let model = self.model();
        let builder = View::of(&self.page);
        let root = &self.page.root;
        if let (Some(region), Some(panel)) = (root.query_selector("section.probes")?, &model.probes)
        {
            builder.fill_probe_panel(&region, panel)?;
        }
        if let (Some(old), Some(new)) = (
            root.query_selector("section.causes")?,
            builder.causes(&model)?,
        ) {
            old.replace_with_with_node_1(&new)?;
        }
        Ok(())
    }

    /// Loads the failed page where a server answers (the button's URL,
    /// which the core built: this computer, plain http(s)).
    pub(crate) fn open_alternative(&self, button: &Element) -> Result<(), JsValue> {
        let Some(url) = button.get_attribute("data-url") else {
            return Ok(());
        };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Ok(());
        }
        // replace(): our page leaves history, as with Try again.
        web_sys::window()
            .ok_or("no window")?
            .location()
            .replace(&url)
    }
}
