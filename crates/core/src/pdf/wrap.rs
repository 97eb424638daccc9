//! Text layout maths: widths from glyph advances, line wrapping, and fitting a text in a box by
//! shrinking then wrapping, so no name, however long, runs over a letter's or card's edge.
//!
//! Everything here works on plain numbers through [`Measure`]: the tests use a fake font whose
//! every character is 0.5 em wide.

/// Widths of characters, in ems (the width at a size of 1 pt).
pub trait Measure {
    fn advance(&self, c: char) -> f32;

    /// The width of `text` at 1 pt.
    fn width(&self, text: &str) -> f32 {
        text.chars().map(|c| self.advance(c)).sum()
    }
}

/// Room slightly larger than asked, so rounding never rejects a line that fits.
const EPSILON: f32 = 1e-4;

/// The pieces a line may break after: a word with the spaces that follow it, or a part of a
/// path after a slash, which keeps URLs readable when they wrap. Not after hyphens: text
/// extraction (pdftotext) takes a hyphen ending a line for a word split by hyphenation and drops
/// it, so "Dupont-" / "Aignan" would come back as "DupontAignan"; a hyphen is only a break
/// of last resort inside a word wider than a whole line.
fn segments(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        let mut chars = rest.char_indices().peekable();
        let mut prev = '\0';
        while let Some((i, c)) = chars.next() {
            let next_is_space = chars.peek().is_some_and(|&(_, n)| n == ' ');
            if c == ' ' && !next_is_space {
                end = i + 1;
                break;
            }
            let next_is_slash = chars.peek().is_some_and(|&(_, n)| n == '/');
            // Not inside "//" nor right after it: "https://" stays with its host.
            if c == '/' && prev != '/' && !next_is_space && !next_is_slash && chars.peek().is_some() && i > 0
            {
                end = i + c.len_utf8();
                break;
            }
            prev = c;
        }
        let (head, tail) = rest.split_at(end);
        rest = tail;
        Some(head)
    })
}

/// Breaks `text` into lines no wider than `max_em` (a width at 1 pt): at spaces and after
/// hyphens and slashes, and inside a word only when the word alone is too wide (never before a
/// combining mark). Hard line breaks (`\n`) are kept. Lines carry no trailing spaces.
pub fn wrap(text: &str, max_em: f32, m: &impl Measure) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph.trim_end(), max_em, m, &mut lines);
    }
    lines
}

fn wrap_paragraph(text: &str, max_em: f32, m: &impl Measure, lines: &mut Vec<String>) {
    let limit = max_em + EPSILON;
    let mut line = String::new();
    // Width of `line` up to its last visible character, and including its trailing spaces.
    let (mut visible, mut total) = (0.0f32, 0.0f32);
    for segment in segments(text) {
        let body = segment.trim_end_matches(' ');
        let spaces = &segment[body.len()..];
        let body_w = m.width(body);
        if total + body_w > limit && !line.is_empty() {
            lines.push(std::mem::take(&mut line).trim_end().to_owned());
            (visible, total) = (0.0, 0.0);
        }
        if body_w <= limit - total || !line.is_empty() {
            line.push_str(body);
            visible = total + body_w;
        } else {
            // A word wider than a whole line: break it after its hyphens, and parts still too
            // wide between characters.
            for part in body.split_inclusive('-') {
                let part_w = m.width(part);
                if visible + part_w <= limit {
                    line.push_str(part);
                    visible += part_w;
                } else if part_w <= limit {
                    lines.push(std::mem::take(&mut line));
                    line.push_str(part);
                    visible = part_w;
                } else {
                    visible = break_word(part, visible, limit, m, &mut line, lines);
                }
            }
        }
        line.push_str(spaces);
        total = visible + m.width(spaces);
    }
    if !line.is_empty() || lines.is_empty() || text.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
}

/// Appends `word` to `line` (already `visible` wide), starting new lines between characters
/// where it would pass `limit`; each character stays with the combining marks that follow it.
/// Returns the width of the last line.
fn break_word(
    word: &str,
    mut visible: f32,
    limit: f32,
    m: &impl Measure,
    line: &mut String,
    lines: &mut Vec<String>,
) -> f32 {
    let mut rest = word;
    while let Some(first) = rest.chars().next() {
        let marks: usize = rest[first.len_utf8()..]
            .chars()
            .take_while(|&c| unicode_normalization::char::is_combining_mark(c))
            .map(char::len_utf8)
            .sum();
        let (cluster, tail) = rest.split_at(first.len_utf8() + marks);
        let w = m.width(cluster);
        if visible + w > limit && !line.is_empty() {
            lines.push(std::mem::take(line));
            visible = 0.0;
        }
        line.push_str(cluster);
        visible += w;
        rest = tail;
    }
    visible
}

/// What a text should fit in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitSpec {
    /// Width of the box, in points.
    pub max_width: f32,
    /// Most lines the box holds.
    pub max_lines: usize,
    /// Preferred font size, in points.
    pub size: f32,
    /// Smallest acceptable size.
    pub min_size: f32,
    /// How far (a share of `size`) a text may shrink to stay on one line before it wraps: 0.8
    /// for names, which read best whole; 1 for paragraphs, which wrap at once.
    pub shrink_to: f32,
}

impl FitSpec {
    /// A box for a name or label: shrinks to 80 % on one line before wrapping.
    pub fn new(max_width: f32, max_lines: usize, size: f32, min_size: f32) -> FitSpec {
        FitSpec {
            max_width,
            max_lines,
            size,
            min_size,
            shrink_to: SHRINK_BEFORE_WRAP,
        }
    }

    /// The same box for a paragraph: wraps at the preferred size first.
    pub fn wrap_first(self) -> FitSpec {
        FitSpec {
            shrink_to: 1.0,
            ..self
        }
    }
}

/// A text fitted in a box.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub size: f32,
    pub lines: Vec<String>,
    /// True only when even the smallest size could not hold it all: the last line then ends
    /// with "…". Never the case for names up to 100 characters in any layout.
    pub truncated: bool,
}

/// Below this share of the preferred size, a text that could wrap wraps instead of shrinking.
const SHRINK_BEFORE_WRAP: f32 = 0.8;

/// Fits `text` in `spec`: at the preferred size on one line if it can; else on one line
/// shrunk a little (down to `shrink_to`, or to `min_size` when the box has one line); else wrapped at
/// the largest size, in half-point steps, that keeps it within `max_lines`; else, at `min_size`,
/// its first `max_lines` lines with an ellipsis.
pub fn fit(text: &str, spec: FitSpec, m: &impl Measure) -> Fitted {
    let one = |size: f32| Fitted {
        size,
        lines: vec![text.to_owned()],
        truncated: false,
    };
    let width = m.width(text);
    let single_line = !text.contains('\n');
    if single_line && width * spec.size <= spec.max_width + EPSILON {
        return one(spec.size);
    }
    if single_line && width > 0.0 {
        // Rounded down to a tenth of a point so the line surely fits.
        let shrunk = (spec.max_width / width * 10.0).floor() / 10.0;
        let floor = if spec.max_lines <= 1 {
            spec.min_size
        } else {
            spec.size * spec.shrink_to
        };
        if shrunk >= floor.max(spec.min_size) {
            return one(shrunk.min(spec.size));
        }
    }
    let mut size = spec.size;
    loop {
        let lines = wrap(text, spec.max_width / size, m);
        if lines.len() <= spec.max_lines {
            return Fitted {
                size,
                lines,
                truncated: false,
            };
        }
        if size <= spec.min_size {
            break;
        }
        size = (size - 0.5).max(spec.min_size);
    }
    let size = spec.min_size;
    let mut lines = wrap(text, spec.max_width / size, m);
    lines.truncate(spec.max_lines.max(1));
    let last = lines.last_mut().expect("at least one line");
    let max_em = spec.max_width / size - m.advance('…');
    while m.width(last) > max_em && last.pop().is_some() {}
    last.push('…');
    Fitted {
        size,
        lines,
        truncated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half an em wide: a width in ems is half the character count.
    struct Half;
    impl Measure for Half {
        fn advance(&self, _: char) -> f32 {
            0.5
        }
    }

    #[test]
    fn width_sums_advances() {
        assert_eq!(Half.width("abcd"), 2.0);
        assert_eq!(Half.width(""), 0.0);
    }

    #[test]
    fn wraps_at_spaces_and_drops_trailing_spaces() {
        // 10 characters per line.
        assert_eq!(wrap("Zoé Dupré Martin", 5.0, &Half), vec!["Zoé Dupré", "Martin"]);
        assert_eq!(wrap("abc  def", 5.0, &Half), vec!["abc  def"]);
        assert_eq!(wrap("", 5.0, &Half), vec![""]);
    }

    #[test]
    fn wraps_after_hyphens_and_slashes() {
        assert_eq!(
            wrap("Jean-Baptiste Dupré", 5.0, &Half),
            vec!["Jean-", "Baptiste", "Dupré"]
        );
        assert_eq!(
            wrap("https://ent.example.fr/activation", 12.0, &Half),
            vec!["https://ent.example.fr/", "activation"]
        );
        // Never right after the scheme.
        assert_eq!(
            wrap("sur https://ent.example.fr avec", 12.0, &Half),
            vec!["sur", "https://ent.example.fr", "avec"]
        );
    }

    #[test]
    fn breaks_a_word_wider_than_the_line_between_characters() {
        assert_eq!(
            wrap("abcdefghijklmnop", 3.0, &Half),
            vec!["abcdef", "ghijkl", "mnop"]
        );
        // Never before a combining mark.
        let lines = wrap("aaaaae\u{301}b", 3.0, &Half);
        assert_eq!(lines, vec!["aaaaa", "e\u{301}b"]);
    }

    #[test]
    fn keeps_hard_line_breaks() {
        assert_eq!(
            wrap("Une question ?\nent@ecole.fr", 50.0, &Half),
            vec!["Une question ?", "ent@ecole.fr"]
        );
    }

    #[test]
    fn every_wrapped_line_fits() {
        let text = "Νικόλαος Παπαδόπουλος-Καραμανλής Алёна Смирнова Łukasz Nguyễn";
        for max in [2.0, 3.5, 7.0, 11.0] {
            for line in wrap(text, max, &Half) {
                assert!(Half.width(&line) <= max + EPSILON, "{line:?} wider than {max}");
            }
        }
    }

    fn spec(max_width: f32, max_lines: usize) -> FitSpec {
        FitSpec::new(max_width, max_lines, 10.0, 6.0)
    }

    #[test]
    fn fit_keeps_preferred_size_when_it_fits() {
        let f = fit("Zoé Dupré", spec(100.0, 2), &Half);
        assert_eq!((f.size, f.lines.len(), f.truncated), (10.0, 1, false));
    }

    #[test]
    fn fit_shrinks_a_little_before_wrapping() {
        // 20 chars × 0.5 em × 10 pt = 100 pt in 90 pt: 9 pt on one line.
        let f = fit("abcdefghij klmnopqrs", spec(90.0, 2), &Half);
        assert_eq!((f.size, f.lines.len()), (9.0, 1));
    }

    #[test]
    fn paragraphs_wrap_rather_than_shrink() {
        let f = fit("abcdefghij klmnopqrs", spec(90.0, 2).wrap_first(), &Half);
        assert_eq!((f.size, f.lines.len()), (10.0, 2));
    }

    #[test]
    fn fit_wraps_a_60_character_name_rather_than_shrinking_it_much() {
        let name = "Marie-Charlotte Alexandrine Dupont-Aignan de la Villemarqué"; // 59 chars
        assert_eq!(name.chars().count(), 59);
        let f = fit(name, spec(150.0, 2), &Half);
        assert_eq!(f.lines.len(), 2);
        assert!(!f.truncated);
        for line in &f.lines {
            assert!(Half.width(line) * f.size <= 150.0 + 1e-3);
        }
        assert_eq!(f.lines.join(" ").replace("- ", "-"), name);
    }

    #[test]
    fn fit_shrinks_to_the_minimum_on_a_single_line_box() {
        let f = fit("abcdefghijklmnopqrst", spec(70.0, 1), &Half); // 100 pt at 10 pt
        assert_eq!(f.lines.len(), 1);
        assert_eq!(f.size, 7.0);
    }

    #[test]
    fn fit_truncates_with_an_ellipsis_only_when_nothing_else_fits() {
        let f = fit(&"mot ".repeat(40), spec(30.0, 2), &Half);
        assert!(f.truncated);
        assert_eq!(f.size, 6.0);
        assert_eq!(f.lines.len(), 2);
        assert!(f.lines[1].ends_with('…'));
        for line in &f.lines {
            assert!(Half.width(line) * f.size <= 30.0 + 1e-3);
        }
    }
}
