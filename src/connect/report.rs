//! The final report: the repository table, the counts and the next steps, or one JSON
//! document with the same facts.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::backend::BackendClient;
use crate::backend::api::{DiscoveredRepository, Integration, Me};
use crate::connect::instance_check::InstanceReport;
use crate::error::CliResult;
use crate::output::Printer;

/// The page size gitme requests when it reads discovered repositories.
const PAGE_LIMIT: u32 = 1000;

/// How many repositories the human-readable table shows; `--json` lists all of them.
const TABLE_ROWS: usize = 100;

/// Counts over the discovered repositories.
#[derive(Debug, Serialize)]
pub struct Counts {
    /// Distinct projects with at least one repository.
    pub projects: usize,
    /// All repositories.
    pub repositories: usize,
    /// Archived repositories.
    pub archived: usize,
    /// Repositories in personal projects.
    pub personal: usize,
}

/// The JSON document `--json` prints on success.
#[derive(Debug, Serialize)]
pub struct ConnectResult<'a> {
    /// Always `true`; failures print no document and exit non-zero.
    pub ok: bool,
    /// The instance and the checks run on it, absent when resuming.
    pub instance: Option<&'a InstanceReport>,
    /// The integration as the backend last reported it.
    pub integration: &'a Integration,
    /// Every discovered repository.
    pub repositories: &'a [DiscoveredRepository],
    /// Counts over `repositories`.
    pub counts: Counts,
    /// The first day GitMe analyses.
    pub analysis_starts_on: &'a str,
}

/// Reads every page of discovered repositories.
pub async fn fetch_repositories(
    backend: &BackendClient,
    integration_id: &str,
) -> CliResult<Vec<DiscoveredRepository>> {
    let mut repositories = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = backend
            .repositories(integration_id, cursor.as_deref(), PAGE_LIMIT)
            .await
            .map_err(|error| {
                crate::connect::backend_error("cannot read the discovered repositories", error)
            })?;
        repositories.extend(page.repositories);
        match page.next_cursor {
            Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
            _ => return Ok(repositories),
        }
    }
}

/// Counts projects, archived and personal repositories.
pub fn count(repositories: &[DiscoveredRepository]) -> Counts {
    let projects: BTreeSet<&str> = repositories
        .iter()
        .map(|repository| repository.project_key.as_str())
        .collect();
    Counts {
        projects: projects.len(),
        repositories: repositories.len(),
        archived: repositories
            .iter()
            .filter(|repository| repository.archived)
            .count(),
        personal: repositories
            .iter()
            .filter(|repository| repository.personal)
            .count(),
    }
}

/// Prints the repository table on stdout and the counts and next steps on stderr.
pub fn print_human(
    printer: &Printer,
    me: &Me,
    integration: &Integration,
    repositories: &[DiscoveredRepository],
) {
    let counts = count(repositories);
    printer.heading("Repositories GitMe discovered");
    printer.data(&render_table(repositories, TABLE_ROWS));
    printer.info(&format!(
        "{} repositories in {} projects ({} archived, {} personal)",
        counts.repositories, counts.projects, counts.archived, counts.personal
    ));
    if repositories.len() > TABLE_ROWS {
        printer.info(&format!(
            "The table shows the first {TABLE_ROWS}; `--json` lists all of them."
        ));
    }

    printer.heading("Next steps");
    printer.info(&format!(
        "  1. Configure your plan: {}",
        integration.links.plan_configuration
    ));
    printer.info(&format!(
        "  2. Set up billing in Settings > Billing & Payment: {}",
        integration.links.billing
    ));
    printer.info(&format!(
        "  Analysis starts on {}, the first day of the month workspace `{}` was set up; \
         older history needs Historical Analysis.",
        me.workspace.analysis_starts_on, me.workspace.name
    ));
    printer.info("  To connect another instance, run `gitme connect bitbucket` again.");
}

/// Renders up to `max_rows` repositories as an aligned table with a header.
pub fn render_table(repositories: &[DiscoveredRepository], max_rows: usize) -> String {
    let header = ["PROJECT", "SLUG", "NAME", "NOTES"];
    let rows: Vec<[String; 4]> = repositories
        .iter()
        .take(max_rows)
        .map(|repository| {
            let mut notes = Vec::new();
            if repository.archived {
                notes.push("archived");
            }
            if repository.personal {
                notes.push("personal");
            }
            [
                truncate(&repository.project_key, 30),
                truncate(&repository.slug, 40),
                truncate(&repository.name, 40),
                notes.join(", "),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut lines = vec![format_row(&header.map(str::to_string), &widths)];
    lines.extend(rows.iter().map(|row| format_row(row, &widths)));
    lines.join("\n")
}

fn format_row(cells: &[String; 4], widths: &[usize; 4]) -> String {
    let mut line = String::new();
    for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if index > 0 {
            line.push_str("  ");
        }
        line.push_str(cell);
        if index + 1 < cells.len() {
            let padding = width.saturating_sub(cell.chars().count());
            line.push_str(&" ".repeat(padding));
        }
    }
    line.trim_end().to_string()
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut shortened: String = text.chars().take(max_chars - 1).collect();
    shortened.push('…');
    shortened
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository(key: &str, slug: &str, archived: bool, personal: bool) -> DiscoveredRepository {
        DiscoveredRepository {
            project_key: key.to_string(),
            project_name: key.to_string(),
            slug: slug.to_string(),
            name: slug.to_string(),
            archived,
            personal,
        }
    }

    #[test]
    fn table_marks_archived_and_personal() {
        let table = render_table(
            &[
                repository("PLAT", "api", false, false),
                repository("PLAT", "old-api", true, false),
                repository("~alice", "notes", false, true),
            ],
            10,
        );
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "PROJECT  SLUG     NAME     NOTES");
        assert_eq!(lines[1], "PLAT     api      api");
        assert_eq!(lines[2], "PLAT     old-api  old-api  archived");
        assert_eq!(lines[3], "~alice   notes    notes    personal");
    }

    #[test]
    fn table_limits_rows() {
        let repositories: Vec<_> = (0..5)
            .map(|index| repository("P", &format!("r{index}"), false, false))
            .collect();
        assert_eq!(render_table(&repositories, 2).lines().count(), 3);
    }

    #[test]
    fn counts_projects_and_flags() {
        let counts = count(&[
            repository("A", "x", true, false),
            repository("A", "y", false, false),
            repository("~b", "z", false, true),
        ]);
        assert_eq!(counts.projects, 2);
        assert_eq!(counts.repositories, 3);
        assert_eq!(counts.archived, 1);
        assert_eq!(counts.personal, 1);
    }
}
