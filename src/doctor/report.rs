//! Human and JSON output of a doctor run.
//!
//! Human output goes to stderr through [`Printer`]: one line per check as it finishes,
//! under the headings "Instance", "Proxy" and "GitMe", then a summary line. Groups print
//! in that order, so a check that finishes while an earlier group is still running is
//! held back until that group is complete. `--json` prints one document on stdout,
//! described in `docs/doctor.md`.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::{CheckOutcome, CheckStatus, DoctorReport, Group, SCHEMA_VERSION, Sink};
use crate::output::{Printer, Status};

/// The printing order of the groups.
const GROUP_ORDER: [Group; 3] = [Group::Instance, Group::Proxy, Group::Gitme];

struct LiveState {
    printer: Printer,
    expected: HashMap<Group, usize>,
    printed: HashMap<Group, usize>,
    held: HashMap<Group, Vec<CheckOutcome>>,
    current: usize,
    heading_printed: bool,
}

impl LiveState {
    fn accept(&mut self, outcome: &CheckOutcome) {
        let current = GROUP_ORDER.get(self.current).copied();
        if Some(outcome.group) == current {
            self.print(outcome);
        } else {
            self.held
                .entry(outcome.group)
                .or_default()
                .push(outcome.clone());
        }
        self.advance();
    }

    fn print(&mut self, outcome: &CheckOutcome) {
        if !self.heading_printed {
            self.printer.heading(outcome.group.heading());
            self.heading_printed = true;
        }
        print_outcome(&self.printer, outcome);
        *self.printed.entry(outcome.group).or_default() += 1;
    }

    /// Moves to the next group once the current one has printed every expected check.
    fn advance(&mut self) {
        while let Some(group) = GROUP_ORDER.get(self.current).copied() {
            let expected = self.expected.get(&group).copied().unwrap_or(0);
            let printed = self.printed.get(&group).copied().unwrap_or(0);
            if printed < expected {
                return;
            }
            self.current += 1;
            self.heading_printed = false;
            if let Some(next) = GROUP_ORDER.get(self.current).copied() {
                for outcome in self.held.remove(&next).unwrap_or_default() {
                    self.print(&outcome);
                }
            }
        }
    }

    /// Prints whatever is still held, for a run that ended early.
    fn flush(&mut self) {
        for group in GROUP_ORDER {
            let held = self.held.remove(&group).unwrap_or_default();
            if held.is_empty() {
                continue;
            }
            self.heading_printed = false;
            for outcome in held {
                self.print(&outcome);
            }
        }
    }
}

/// Prints outcomes as they arrive, grouped.
#[derive(Clone)]
pub struct LivePrinter {
    state: Arc<Mutex<LiveState>>,
}

impl LivePrinter {
    /// Creates a live printer for the planned checks.
    pub fn new(printer: Printer, planned: &BTreeSet<&'static str>) -> Self {
        let mut expected = HashMap::new();
        for id in planned {
            *expected.entry(Group::of(id)).or_default() += 1;
        }
        LivePrinter {
            state: Arc::new(Mutex::new(LiveState {
                printer,
                expected,
                printed: HashMap::new(),
                held: HashMap::new(),
                current: 0,
                heading_printed: false,
            })),
        }
    }

    /// Returns the sink to pass to [`super::run`].
    pub fn sink(&self) -> Sink {
        let state = self.state.clone();
        Arc::new(move |outcome: &CheckOutcome| super::lock(&state).accept(outcome))
    }

    /// Prints held lines, the summary and the registration values.
    pub fn finish(&self, report: &DoctorReport) {
        let mut state = super::lock(&self.state);
        state.flush();
        let printer = state.printer.clone();
        drop(state);
        printer.heading("Register in Bitbucket");
        printer.field("Redirect URL", &report.registration.callback_url);
        printer.field("Scope", report.registration.scope);
        printer.info(&format!("\n{}", summary_line(report)));
    }
}

/// Prints one check: a status line, then its cause and fix.
pub fn print_outcome(printer: &Printer, outcome: &CheckOutcome) {
    let text = format!(
        "{}: {} ({} ms)",
        outcome.id, outcome.detail, outcome.duration_ms
    );
    match outcome.status {
        CheckStatus::Ok => printer.status(Status::Ok, &text),
        CheckStatus::Warn => printer.status(Status::Warn, &text),
        CheckStatus::Fail => printer.status(Status::Fail, &text),
        CheckStatus::Skip => {
            // Most skip reasons already start with "skipped because".
            let reason = if outcome.detail.starts_with("skipped ") {
                outcome.detail.clone()
            } else {
                format!("skipped: {}", outcome.detail)
            };
            printer.info(&format!("  - {}: {reason}", outcome.id))
        }
    }
    if let Some(cause) = &outcome.cause {
        printer.info(&format!("      cause: {cause}"));
    }
    if let Some(fix) = &outcome.fix {
        printer.info(&format!("      fix: {fix}"));
    }
}

/// Returns "N ok, N warn, N fail, N skipped".
pub fn summary_line(report: &DoctorReport) -> String {
    format!(
        "{} ok, {} warn, {} fail, {} skipped",
        report.count(CheckStatus::Ok),
        report.count(CheckStatus::Warn),
        report.count(CheckStatus::Fail),
        report.count(CheckStatus::Skip)
    )
}

/// The `--json` document.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Whether no check failed.
    pub ok: bool,
    /// The instance URL as given.
    pub instance_url: Option<&'a str>,
    /// The backend URL.
    pub backend_url: &'a str,
    /// Counts by status.
    pub summary: Summary,
    /// Every check.
    pub checks: &'a [CheckOutcome],
    /// The values to register in Bitbucket.
    pub registration: &'a super::Registration,
}

/// Counts by status.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Checks that passed.
    pub ok: usize,
    /// Checks that warned.
    pub warn: usize,
    /// Checks that failed.
    pub fail: usize,
    /// Checks that were skipped.
    pub skip: usize,
}

/// Builds the `--json` document.
pub fn json_document<'a>(
    report: &'a DoctorReport,
    instance_url: Option<&'a str>,
    backend_url: &'a str,
) -> JsonDocument<'a> {
    JsonDocument {
        schema_version: SCHEMA_VERSION,
        ok: !report.has_failures(),
        instance_url,
        backend_url,
        summary: Summary {
            ok: report.count(CheckStatus::Ok),
            warn: report.count(CheckStatus::Warn),
            fail: report.count(CheckStatus::Fail),
            skip: report.count(CheckStatus::Skip),
        },
        checks: &report.checks,
        registration: &report.registration,
    }
}
