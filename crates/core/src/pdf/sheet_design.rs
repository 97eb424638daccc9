//! The class sign-off sheet printed before a group's letters: one row per account with its
//! name and login, and empty "remis le" / "signature" columns for the teacher who hands the
//! letters out. It never shows activation codes: the sheet goes round the class.

use super::content::Content;
use super::flow::{Fit, Flow};
use super::fonts::Typeface;
use super::pen::{Pen, Style};
use super::units::{mm, A4_PORTRAIT};
use super::wrap::{fit, FitSpec};
use crate::letter::SheetText;

const MARGIN: f32 = 20.0; // mm
const TABLE_TOP: f32 = 44.0; // mm from the top edge
const ROW: f32 = 8.5; // mm
const TABLE_BOTTOM: f32 = 282.0; // mm from the top edge
/// Column widths in mm: N°, name, login, handed out on, signature (170 mm in all).
const COLUMNS: [f32; 5] = [10.0, 62.0, 48.0, 22.0, 28.0];

const TITLE: Fit = Fit::block(Style::new(Typeface::Bold, 15.0), 2, 10.0);
const SCHOOL: Fit = Fit::block(Style::new(Typeface::Regular, 10.0), 1, 7.0);
const NOTE: Fit = Fit::paragraph(Style::new(Typeface::Regular, 9.0), 1, 6.0);
const HEAD: Style = Style::new(Typeface::Bold, 9.0);
const CELL: Style = Style::new(Typeface::Regular, 9.5);
const LOGIN: Style = Style::new(Typeface::Mono, 8.5);

/// One account on a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SheetRow {
    pub user_id: String,
    pub name: String,
    pub login: String,
}

/// Rows that fit on one sheet page.
pub(crate) fn rows_per_page() -> usize {
    ((TABLE_BOTTOM - TABLE_TOP) / ROW) as usize - 1
}

/// The number of pages the sheet of `rows` accounts takes (at least one, even when empty).
pub(crate) fn page_count(rows: usize) -> usize {
    rows.div_ceil(rows_per_page()).max(1)
}

fn from_top(v: f32) -> f32 {
    A4_PORTRAIT.h - mm(v)
}

/// The x of each column's left edge, and the table's right edge last.
fn column_edges() -> [f32; 6] {
    let mut edges = [mm(MARGIN); 6];
    for i in 0..5 {
        edges[i + 1] = edges[i] + mm(COLUMNS[i]);
    }
    edges
}

/// Draws page `page` (from 0) of the sheet of `rows`: heading, table header, grid and rows
/// `page * rows_per_page()…`, numbered from 1 for the whole group.
pub(crate) fn sheet_page(
    pen: &mut Pen,
    t: &SheetText,
    school: &str,
    rows: &[SheetRow],
    page: usize,
) -> Content {
    let mut out = Content::new();
    let (x, w) = (mm(MARGIN), A4_PORTRAIT.w - 2.0 * mm(MARGIN));
    let pages = page_count(rows.len());
    let title = if page == 0 {
        t.title.clone()
    } else {
        format!("{} {}", t.title, t.continued)
    };
    let saved_owner = pen.missing.owner().map(str::to_owned);
    pen.missing.set_owner(None);
    Flow::new(x, from_top(16.0), w)
        .text(pen, &mut out, &title, TITLE)
        .text(pen, &mut out, school, SCHOOL)
        .gap(1.0)
        .text(pen, &mut out, &t.note, NOTE);
    if pages > 1 {
        let label = format!("{}/{}", page + 1, pages);
        let style = Style::new(Typeface::Regular, 9.0);
        let lw = pen.width(style, &label);
        pen.line(&mut out, style, x + w - lw, from_top(TABLE_BOTTOM + 7.0), &label);
    }

    let per_page = rows_per_page();
    let first = page * per_page;
    let shown = &rows[first.min(rows.len())..(first + per_page).min(rows.len())];
    let edges = column_edges();
    let top = from_top(TABLE_TOP);
    let bottom = top - mm(ROW) * (shown.len() + 1) as f32;

    // Grid: header shading, row lines, column lines.
    out.save()
        .fill_gray(0.9)
        .rect(x, top - mm(ROW), w, mm(ROW))
        .fill()
        .restore();
    out.save().stroke_gray(0.4).line_width(0.5);
    for i in 0..=shown.len() + 1 {
        let y = top - mm(ROW) * i as f32;
        out.move_to(x, y).line_to(x + w, y);
    }
    for edge in edges {
        out.move_to(edge, top).line_to(edge, bottom);
    }
    out.stroke().restore();

    let pad = mm(1.5);
    let baseline = |row: usize| top - mm(ROW) * (row as f32 + 1.0) + mm(2.8);
    let cell = |col: usize| (edges[col] + pad, edges[col + 1] - edges[col] - 2.0 * pad);
    for (col, heading) in t.columns.iter().enumerate() {
        cell_text(pen, &mut out, cell(col), baseline(0), heading, HEAD, 5.0);
    }
    for (i, row) in shown.iter().enumerate() {
        pen.missing.set_owner(Some(&row.user_id));
        let y = baseline(i + 1);
        pen.line(&mut out, CELL, edges[0] + pad, y, &(first + i + 1).to_string());
        for (col, text, style) in [(1, &row.name, CELL), (2, &row.login, LOGIN)] {
            cell_text(pen, &mut out, cell(col), y, text, style, 4.5);
        }
    }
    pen.missing.set_owner(saved_owner.as_deref());
    out
}

/// Writes `text` on one line `width` wide from `x` at baseline `y`, in `style` shrunk as far as
/// `min_size` to fit: a long name or login must stay inside its column.
fn cell_text(
    pen: &mut Pen,
    out: &mut Content,
    (x, width): (f32, f32),
    y: f32,
    text: &str,
    style: Style,
    min_size: f32,
) {
    let f = fit(
        text,
        FitSpec::new(width, 1, style.size, min_size),
        &pen.measure(style.face),
    );
    pen.lines(out, style.with_size(f.size), x, y, 0.0, &f.lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_pages_hold_a_class_each() {
        assert_eq!(rows_per_page(), 27);
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(27), 1);
        assert_eq!(page_count(28), 2);
        let edges = column_edges();
        assert!(
            (edges[5] - (A4_PORTRAIT.w - mm(MARGIN))).abs() < 1e-2,
            "the table spans the text width"
        );
    }
}
