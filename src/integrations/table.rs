//! Aligned plain-text tables for stdout: a header row, then one row per item, columns
//! separated by two spaces and padded to the widest cell.

/// Renders `rows` under `header`. Cells longer than `max_cell` characters are shortened
/// with `…`; trailing spaces are removed from each line.
pub fn render(header: &[&str], rows: &[Vec<String>], max_cell: usize) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| truncate(cell, max_cell)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.chars().count()).collect();
    for row in &rows {
        for (index, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(index) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let header: Vec<String> = header.iter().map(|cell| cell.to_string()).collect();
    let mut lines = vec![format_row(&header, &widths)];
    lines.extend(rows.iter().map(|row| format_row(row, &widths)));
    lines.join("\n")
}

fn format_row(cells: &[String], widths: &[usize]) -> String {
    let mut line = String::new();
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            line.push_str("  ");
        }
        line.push_str(cell);
        let width = widths.get(index).copied().unwrap_or(0);
        line.push_str(&" ".repeat(width.saturating_sub(cell.chars().count())));
    }
    line.trim_end().to_string()
}

fn truncate(text: &str, max_chars: usize) -> String {
    if max_chars == 0 || text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut shortened: String = text.chars().take(max_chars - 1).collect();
    shortened.push('…');
    shortened
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_aligns_columns() {
        let rows = vec![
            vec!["a".to_string(), "long value".to_string(), String::new()],
            vec!["bbbb".to_string(), "x".to_string(), "z".to_string()],
        ];
        let table = render(&["ID", "NAME", "NOTE"], &rows, 40);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "ID    NAME        NOTE");
        assert_eq!(lines[1], "a     long value");
        assert_eq!(lines[2], "bbbb  x           z");
    }

    #[test]
    fn render_shortens_long_cells() {
        let rows = vec![vec!["abcdefgh".to_string()]];
        let table = render(&["ID"], &rows, 4);
        assert_eq!(table.lines().nth(1), Some("abc…"));
    }
}
