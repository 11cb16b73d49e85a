//! Printing for people and for scripts.

use serde::Serialize;

/// An error as the command line says it: each cause after the one before, and a refused
/// input's field named as the flag that gives it (`--decision-by`).
pub fn error(err: &anyhow::Error) -> String {
    err.chain()
        .map(
            |cause| match cause.downcast_ref::<followup_app::AppError>() {
                Some(e) => e.worded(|field| format!("--{}", field.replace('_', "-"))),
                None => cause.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join(": ")
}

/// Prints a value as pretty JSON on standard output.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    use std::io::Write as _;
    // Straight into stdout, buffered: an agenda of megabytes is not built as a string first.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Rows as aligned columns; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  "));
            }
        }
        text.trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push('\n');
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}
