//! Where a PDF puts its glyphs and rectangles, read from the file itself (included by the
//! sheet tests with `#[path]`): a small interpreter of the content streams Sésame writes —
//! `q`/`Q`/`cm`, `BT`/`ET`/`Tf`/`Td`/`Tj`, `re`, and form XObjects painted with `Do` — that
//! turns every glyph into a box on the page from the fonts' own `/W` widths, `/Ascent` and
//! `/Descent`, and its character from the `/ToUnicode` map. Nothing here trusts the layout code.
#![allow(dead_code)]

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One glyph's box on the page (points, PDF axes) and its character.
#[derive(Debug, Clone)]
pub struct GlyphBox {
    pub ch: char,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// The glyphs of one text object (`BT … ET`), in drawing order.
#[derive(Debug, Clone, Default)]
pub struct TextRun {
    pub glyphs: Vec<GlyphBox>,
}

impl TextRun {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

/// What a page draws: its text objects and its rectangles (`re`, in page space).
#[derive(Debug, Default)]
pub struct PageDrawing {
    pub runs: Vec<TextRun>,
    pub rects: Vec<(f32, f32, f32, f32)>,
}

struct Font {
    widths: HashMap<u16, f32>,
    default_width: f32,
    ascent: f32,
    descent: f32,
    unicode: HashMap<u16, char>,
}

type Matrix = [f32; 6];

fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn font(doc: &Document, dict: &Dictionary) -> Font {
    let descendant = deref(
        doc,
        &deref(doc, dict.get(b"DescendantFonts").unwrap())
            .as_array()
            .unwrap()[0],
    );
    let cid = descendant.as_dict().unwrap();
    let mut widths = HashMap::new();
    let w = deref(doc, cid.get(b"W").unwrap()).as_array().unwrap();
    let mut i = 0;
    while i < w.len() {
        let first = number(&w[i]) as u16;
        match deref(doc, &w[i + 1]) {
            Object::Array(list) => {
                for (k, v) in list.iter().enumerate() {
                    widths.insert(first + k as u16, number(v));
                }
                i += 2;
            }
            last => {
                let width = number(&w[i + 2]);
                for c in first..=number(last) as u16 {
                    widths.insert(c, width);
                }
                i += 3;
            }
        }
    }
    let default_width = cid.get(b"DW").map(number).unwrap_or(1000.0);
    let descriptor = deref(doc, cid.get(b"FontDescriptor").unwrap()).as_dict().unwrap();
    let ascent = number(descriptor.get(b"Ascent").unwrap());
    let descent = number(descriptor.get(b"Descent").unwrap());
    let mut unicode = HashMap::new();
    if let Ok(Object::Reference(id)) = dict.get(b"ToUnicode") {
        let stream = doc.get_object(*id).unwrap().as_stream().unwrap();
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if parts.len() == 2 && parts[0].starts_with('<') && parts[1].starts_with('<') {
                let code = u16::from_str_radix(parts[0].trim_matches(['<', '>']), 16).unwrap();
                let hex = parts[1].trim_matches(['<', '>']);
                let units: Vec<u16> = (0..hex.len())
                    .step_by(4)
                    .map(|k| u16::from_str_radix(&hex[k..k + 4], 16).unwrap())
                    .collect();
                if let Some(Ok(c)) = char::decode_utf16(units).next() {
                    unicode.insert(code, c);
                }
            }
        }
    }
    Font {
        widths,
        default_width,
        ascent,
        descent,
        unicode,
    }
}

/// Every page's drawing, in page order.
pub fn pages(bytes: &[u8]) -> Vec<PageDrawing> {
    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    doc.get_pages()
        .into_values()
        .map(|page| page_drawing(&doc, page))
        .collect()
}

fn page_drawing(doc: &Document, page: ObjectId) -> PageDrawing {
    let (direct, ids) = doc.get_page_resources(page).unwrap();
    let resources = match direct {
        Some(d) => d,
        None => doc.get_dictionary(ids[0]).expect("the page tree's resources"),
    };
    let mut fonts = HashMap::new();
    for (name, f) in deref(doc, resources.get(b"Font").unwrap())
        .as_dict()
        .unwrap()
        .iter()
    {
        fonts.insert(name.clone(), font(doc, deref(doc, f).as_dict().unwrap()));
    }
    let mut forms = HashMap::new();
    if let Ok(x) = resources.get(b"XObject") {
        for (name, o) in deref(doc, x).as_dict().unwrap().iter() {
            let stream = deref(doc, o).as_stream().unwrap();
            let bytes = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            forms.insert(name.clone(), bytes);
        }
    }
    let content = doc.get_page_content(page);
    let mut drawing = PageDrawing::default();
    run(&content, IDENTITY, &fonts, &forms, &mut drawing);
    drawing
}

fn run(
    bytes: &[u8],
    ctm0: Matrix,
    fonts: &HashMap<Vec<u8>, Font>,
    forms: &HashMap<Vec<u8>, Vec<u8>>,
    out: &mut PageDrawing,
) {
    let content = Content::decode(bytes).expect("a content stream lopdf reads");
    let mut stack = Vec::new();
    let mut ctm = ctm0;
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut font: Option<(&Font, f32)> = None;
    let mut current = TextRun::default();
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().expect("balanced q/Q"),
            "cm" => {
                let m = [0, 1, 2, 3, 4, 5].map(|i| number(&o[i]));
                ctm = multiply(&m, &ctm);
            }
            "re" => {
                let (x, y) = apply(&ctm, number(&o[0]), number(&o[1]));
                let (x2, y2) = apply(&ctm, number(&o[0]) + number(&o[2]), number(&o[1]) + number(&o[3]));
                out.rects
                    .push((x.min(x2), y.min(y2), (x2 - x).abs(), (y2 - y).abs()));
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
                current = TextRun::default();
            }
            "ET" => out.runs.push(std::mem::take(&mut current)),
            "Tf" => {
                let name = o[0].as_name().unwrap().to_vec();
                font = Some((&fonts[&name], number(&o[1])));
            }
            "Td" => {
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, number(&o[0]), number(&o[1])], &tlm);
                tm = tlm;
            }
            "Tj" => {
                let (f, size) = font.expect("Tf before Tj");
                let codes = o[0].as_str().unwrap();
                for pair in codes.chunks(2) {
                    let code = u16::from_be_bytes([pair[0], pair[1]]);
                    let w = f.widths.get(&code).copied().unwrap_or(f.default_width) / 1000.0 * size;
                    let m = multiply(&tm, &ctm);
                    let corners = [
                        apply(&m, 0.0, f.descent / 1000.0 * size),
                        apply(&m, w, f.ascent / 1000.0 * size),
                    ];
                    current.glyphs.push(GlyphBox {
                        ch: f.unicode.get(&code).copied().unwrap_or('\u{fffd}'),
                        x0: corners[0].0.min(corners[1].0),
                        y0: corners[0].1.min(corners[1].1),
                        x1: corners[0].0.max(corners[1].0),
                        y1: corners[0].1.max(corners[1].1),
                    });
                    tm = multiply(&[1.0, 0.0, 0.0, 1.0, w, 0.0], &tm);
                }
            }
            "Do" => {
                let name = o[0].as_name().unwrap().to_vec();
                run(&forms[&name], ctm, fonts, forms, out);
            }
            _ => {}
        }
    }
}
