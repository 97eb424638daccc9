//! The document being built, a few letters at a time, then finished into PDF bytes.
//!
//! The browser cannot block its event loop for the second a large school takes, so the app
//! calls [`LettersBuilder::add_users`] with chunks of a few hundred accounts, yields to the
//! event loop (and moves its progress bar) between chunks, then calls
//! [`LettersBuilder::finish`]. Pages are written as they fill; the font subsets, the page tree,
//! bookmarks and metadata are written at the end, once every character used is known.

use lopdf::{Document, Object, ObjectId};

use super::card_design::CardDesign;
use super::content::Content;
use super::cover_design::cover_page;
use super::coverage::{MissingChar, MissingLog};
use super::error::PdfError;
use super::fonts::{Fonts, Typeface};
use super::glyphs::UsedGlyphs;
use super::grid::{cut_lines, design_size, page_size, slots, Slot};
use super::group::group_label;
use super::hash::ContentHash;
use super::label_design::LabelDesign;
use super::letter_design::LetterDesign;
use super::options::{MissingGlyphs, PdfOptions, QrCode};
use super::pen::{font_resource, Pen};
use super::qr::{qr_shape, qr_url};
use super::sheet_design::{page_count, sheet_page, SheetRow};
use super::sheets::{preset, skipped};
use super::units::{Size, A4_PORTRAIT};
use super::write_doc;
use super::write_font::write_font;
use crate::lang::Lang;
use crate::letter::{self, Printed, Recipient};
use crate::model::{Structure, User};
use crate::selection::directory::Directory;
use crate::selection::{Layout, Selection};

/// A finished document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LettersPdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Pages, sign-off sheets included.
    pub pages: usize,
    /// Letters (accounts) printed.
    pub letters: usize,
    /// Characters printed as empty boxes ([`MissingGlyphs::Print`]); empty otherwise.
    pub missing: Vec<MissingChar>,
    /// Bytes of the three embedded font subsets, uncompressed (for measurements).
    pub font_bytes: usize,
}

/// The letter or card layout of the document.
enum Design {
    Letter(LetterDesign),
    Card(CardDesign),
    Label(LabelDesign),
}

/// A group being filled: its label, where its pages start, and its sign-off rows.
struct OpenGroup {
    label: String,
    first_kid: usize,
    rows: Vec<SheetRow>,
    letters: usize,
}

/// Object numbers the pages refer to before the objects themselves are written.
struct Ids {
    pages: ObjectId,
    resources: ObjectId,
    fonts: [ObjectId; 3],
    xobjects: Vec<(String, ObjectId)>,
}

/// Template resource names, by activation state (`activated as usize`).
const TEMPLATES: [&str; 2] = ["T0", "T1"];
/// The cut lines' resource name.
const CUTS: &str = "C";

/// A PDF of credential letters being built, a chunk of accounts at a time (the app yields to
/// the browser's event loop between chunks): [`new`](Self::new), [`add_users`](Self::add_users)
/// as often as needed, then [`finish`](Self::finish). See [`crate::pdf`] for the decisions.
pub struct LettersBuilder {
    fonts: Fonts,
    options: PdfOptions,
    /// Its name and settings, for cover sheets.
    structure: Structure,
    title: String,
    school: String,
    urls: [String; 2],
    doc: Document,
    glyphs: UsedGlyphs,
    missing: MissingLog,
    design: Design,
    ids: Ids,
    slots: Vec<Slot>,
    /// The page being filled, its next free slot, and how many letters it has (the first
    /// sheet of labels may start past its first slot).
    page: Content,
    slot: usize,
    on_page: usize,
    /// Every page so far, in order.
    kids: Vec<ObjectId>,
    /// Closed groups: label and index of their first page in `kids`.
    groups: Vec<(String, usize)>,
    current: Option<OpenGroup>,
    hash: ContentHash,
    letters: usize,
    /// Bytes of the (compressed) streams added so far.
    stream_bytes: usize,
}

impl LettersBuilder {
    /// Starts the letters of `structure` (its name and letter settings are on every letter),
    /// drawing the shared templates.
    pub fn new(structure: &Structure, fonts: &Fonts, options: PdfOptions) -> LettersBuilder {
        let lang = options.lang;
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let resources = doc.new_object_id();
        let font_ids = [doc.new_object_id(), doc.new_object_id(), doc.new_object_id()];
        let notdef = Typeface::ALL.map(|f| fonts.face(f).metrics.notdef_advance);
        let mut glyphs = UsedGlyphs::new(notdef);
        let mut missing = MissingLog::default();
        let mut hash = ContentHash::default();

        let mut pen = Pen {
            fonts,
            glyphs: &mut glyphs,
            missing: &mut missing,
        };
        let (design, templates) = match options.layout {
            Layout::One | Layout::Two => {
                let texts = [false, true].map(|a| letter::boilerplate(structure, lang, a));
                let (d, t) = LetterDesign::new(&mut pen, [&texts[0], &texts[1]], options.qr.is_printed());
                (Design::Letter(d), t)
            }
            Layout::Eight => {
                let texts = [false, true].map(|a| letter::card_text(structure, lang, a));
                let (d, t) = CardDesign::new(&mut pen, [&texts[0], &texts[1]], options.qr.is_printed());
                (Design::Card(d), t)
            }
            sheet => {
                let texts = [false, true].map(|a| letter::label_text(structure, lang, a));
                let preset = preset(sheet).expect("every other layout is a sheet");
                let (d, t) = LabelDesign::new(&mut pen, preset, [&texts[0], &texts[1]]);
                (Design::Label(d), t)
            }
        };
        let mut xobjects = Vec::new();
        // Each template, and a sheet's cut lines, is drawn once as a form XObject that every
        // page then names.
        let mut add_form = |name: &str, content: Content, size| {
            let form = write_doc::form_xobject(content.into_bytes(), size, resources, options.compress);
            xobjects.push((name.to_owned(), doc.add_object(form)));
        };
        for (name, content) in TEMPLATES.iter().zip(templates) {
            hash.update(content.as_bytes());
            add_form(name, content, design_size(options.layout));
        }
        let cuts = cut_lines_content(options.layout);
        if !cuts.is_empty() {
            add_form(CUTS, cuts, page_size(options.layout));
        }
        let title = letter::document_title(structure, lang);
        hash.update(title.as_bytes());

        LettersBuilder {
            fonts: fonts.clone(),
            structure: structure.clone(),
            title,
            school: letter::nfc(structure.name.trim()).into_owned(),
            urls: [
                letter::activation_url(structure).to_owned(),
                structure.letter_settings.login_url.trim().to_owned(),
            ],
            doc,
            glyphs,
            missing,
            design,
            ids: Ids {
                pages,
                resources,
                fonts: font_ids,
                xobjects,
            },
            slots: slots(options.layout, label_offset(structure)),
            page: Content::new(),
            slot: if options.layout.is_sheet() {
                skipped(options.first_label, options.layout.per_page())
            } else {
                0
            },
            on_page: 0,
            kids: Vec::new(),
            groups: Vec::new(),
            current: None,
            hash,
            letters: 0,
            stream_bytes: 0,
            options,
        }
    }

    /// Letters added so far (for a progress bar).
    pub fn letters(&self) -> usize {
        self.letters
    }

    /// Adds accounts in order, each with its group label (class or profile, see
    /// [`group_label`](super::group_label); empty when not grouped). Consecutive accounts with
    /// the same label form one group: one bookmark, one sign-off sheet, and a new page when the
    /// options ask for it.
    pub fn add_users<'u>(&mut self, users: impl IntoIterator<Item = (&'u User, &'u str)>) {
        for (user, group) in users {
            self.add(user, group);
        }
    }

    /// Adds the accounts `indices` of `directory`, in the order given (that of
    /// [`Directory::select`]), each filed under its [`group_label`] for `selection`'s sort: what
    /// the app and `sesame letters` call, a chunk of indices at a time.
    pub fn add_selected(&mut self, directory: &Directory, indices: &[usize], selection: &Selection) {
        for &index in indices {
            let label = group_label(directory, index, selection, self.options.lang);
            self.add(&directory.users()[index], &label);
        }
    }

    /// Adds one account's letter.
    pub fn add(&mut self, user: &User, group: &str) {
        let group = letter::nfc(group.trim());
        if self.current.as_ref().is_none_or(|g| g.label != group) {
            self.close_group();
            if self.options.new_page_per_group || self.options.sign_off_sheets || self.options.cover_sheets {
                self.flush_page();
            }
            let label = group.into_owned();
            self.hash.update(label.as_bytes());
            self.current = Some(OpenGroup {
                label,
                first_kid: self.kids.len(),
                rows: Vec::new(),
                letters: 0,
            });
        }
        let r = letter::recipient(user, self.options.lang);
        self.missing.set_owner(Some(&user.id));
        self.draw_letter(&r);
        self.missing.set_owner(None);
        if let Some(g) = &mut self.current {
            g.letters += 1;
            if self.options.sign_off_sheets {
                g.rows.push(SheetRow {
                    user_id: user.id.clone(),
                    // « NOM Prénom », the order the sheet is sorted in.
                    name: letter::listed_name(&user.first_name, &user.last_name),
                    login: r.login,
                });
            }
        }
        self.letters += 1;
    }

    /// Draws `r`'s letter in the next slot: `q cm /T0 Do … Q`, the template then the personal
    /// parts, placed by the slot's transformation.
    fn draw_letter(&mut self, r: &Recipient) {
        let slot = self.slots[self.slot];
        let activated = r.activation_code.is_none();
        let qr = if self.options.qr.is_printed() {
            qr_url(
                &self.urls[usize::from(activated)],
                r,
                self.options.qr == QrCode::AddressAndCode,
            )
            .and_then(|url| qr_shape(&url))
        } else {
            None
        };
        let out = &mut self.page;
        let placed = slot
            != Slot {
                x: 0.0,
                y: 0.0,
                scale: 1.0,
            };
        if placed {
            out.save().place(slot.x, slot.y, slot.scale);
        }
        out.draw_xobject(TEMPLATES[usize::from(activated)]);
        let mut pen = Pen {
            fonts: &self.fonts,
            glyphs: &mut self.glyphs,
            missing: &mut self.missing,
        };
        match &self.design {
            Design::Letter(d) => d.personal(&mut pen, out, r, qr.as_ref()),
            Design::Card(d) => d.personal(&mut pen, out, r, qr.as_ref()),
            Design::Label(d) => d.personal(&mut pen, out, r),
        }
        if placed {
            out.restore();
        }
        self.slot += 1;
        self.on_page += 1;
        if self.slot == self.slots.len() {
            self.flush_page();
        }
    }

    /// Writes the page being filled, if any, with the cut lines of the layout.
    fn flush_page(&mut self) {
        if self.on_page == 0 {
            return;
        }
        if self.ids.xobjects.iter().any(|(n, _)| n == CUTS) {
            self.page.draw_xobject(CUTS);
        }
        let content = std::mem::take(&mut self.page);
        let id = self.push_page(content.into_bytes(), None);
        self.kids.push(id);
        self.page = Content::new();
        self.slot = 0;
        self.on_page = 0;
    }

    /// Adds a page object with `content`; `media_box` when it differs from the layout's.
    fn push_page(&mut self, content: Vec<u8>, media_box: Option<Size>) -> ObjectId {
        self.hash.update(&content);
        let stream = write_doc::stream(lopdf::Dictionary::new(), content, self.options.compress);
        self.stream_bytes += stream.content.len();
        let contents = self.doc.add_object(stream);
        self.doc
            .add_object(write_doc::page(self.ids.pages, contents, media_box))
    }

    /// Ends the current group: its cover and its sign-off sheet go before its first page.
    fn close_group(&mut self) {
        let Some(group) = self.current.take() else { return };
        let media_box = (page_size(self.options.layout) != A4_PORTRAIT).then_some(A4_PORTRAIT);
        let mut sheet_pages = Vec::new();
        if self.options.sign_off_sheets || self.options.cover_sheets {
            self.flush_page();
        }
        if self.options.sign_off_sheets {
            let text = letter::sheet_text(&group.label, self.options.lang);
            for page in 0..page_count(group.rows.len()) {
                let mut pen = Pen {
                    fonts: &self.fonts,
                    glyphs: &mut self.glyphs,
                    missing: &mut self.missing,
                };
                let content = sheet_page(&mut pen, &text, &self.school, &group.rows, page);
                sheet_pages.push(self.push_page(content.into_bytes(), media_box));
            }
        }
        if self.options.cover_sheets {
            // Page numbers as the printed file counts them: this cover, its sheet, its letters.
            let cover_number = group.first_kid + 1;
            let sheets =
                (!sheet_pages.is_empty()).then(|| (cover_number + 1, cover_number + sheet_pages.len()));
            let first_letter = cover_number + sheet_pages.len() + 1;
            let last_letter = first_letter + (self.kids.len() - group.first_kid).max(1) - 1;
            let layout = self.options.layout;
            let printed = match layout {
                Layout::One | Layout::Two => Printed::Letters,
                Layout::Eight | Layout::Card => Printed::Cards,
                _ => Printed::Labels,
            };
            let text = letter::cover_text(
                &self.structure,
                &group.label,
                group.letters,
                printed,
                self.options.cover_date,
                sheets,
                (first_letter, last_letter),
                preset(layout).map(|p| p.reference),
                self.options.lang,
            );
            let mut pen = Pen {
                fonts: &self.fonts,
                glyphs: &mut self.glyphs,
                missing: &mut self.missing,
            };
            let owner = pen.missing.owner().map(str::to_owned);
            pen.missing.set_owner(None);
            let content = cover_page(&mut pen, &text);
            pen.missing.set_owner(owner.as_deref());
            let cover = self.push_page(content.into_bytes(), media_box);
            sheet_pages.insert(0, cover);
        }
        self.kids.splice(group.first_kid..group.first_kid, sheet_pages);
        self.groups.push((group.label, group.first_kid));
    }

    /// Adds a page drawn by `draw` (a page that is not letters: the sheets' test page).
    pub(crate) fn add_page(&mut self, draw: impl FnOnce(&mut Pen) -> Content) {
        self.flush_page();
        let mut pen = Pen {
            fonts: &self.fonts,
            glyphs: &mut self.glyphs,
            missing: &mut self.missing,
        };
        let content = draw(&mut pen);
        let id = self.push_page(content.into_bytes(), None);
        self.kids.push(id);
    }

    /// Writes the fonts, page tree, bookmarks and metadata, and returns the PDF.
    pub fn finish(self) -> Result<LettersPdf, PdfError> {
        if self.letters == 0 {
            return Err(PdfError::NoLetters);
        }
        self.finish_pages()
    }

    /// [`finish`](Self::finish), for a document of pages added by [`add_page`](Self::add_page).
    pub(crate) fn finish_pages(mut self) -> Result<LettersPdf, PdfError> {
        self.close_group();
        self.flush_page();
        if self.kids.is_empty() {
            return Err(PdfError::NoLetters);
        }
        let missing = self.missing.report();
        if !missing.is_empty() && self.options.missing_glyphs == MissingGlyphs::Refuse {
            return Err(PdfError::MissingGlyphs(missing));
        }

        let mut font_bytes = 0;
        for face in Typeface::ALL {
            let written = write_font(
                &mut self.doc,
                self.ids.fonts[face.index()],
                self.fonts.face(face),
                self.glyphs.face(face),
                self.options.compress,
            )
            .map_err(PdfError::Font)?;
            font_bytes += written.subset_bytes;
        }
        let fonts: Vec<(&str, ObjectId)> = Typeface::ALL
            .iter()
            .map(|&f| (font_resource(f), self.ids.fonts[f.index()]))
            .collect();
        let resources = write_doc::resources(&fonts, &self.ids.xobjects);
        self.doc
            .objects
            .insert(self.ids.resources, Object::Dictionary(resources));
        let tree = write_doc::page_tree(&self.kids, page_size(self.options.layout), self.ids.resources);
        self.doc.objects.insert(self.ids.pages, Object::Dictionary(tree));

        let entries: Vec<(String, ObjectId)> = self
            .groups
            .iter()
            .filter(|(label, _)| !label.is_empty())
            .filter_map(|(label, first)| self.kids.get(*first).map(|&page| (label.clone(), page)))
            .collect();
        let outlines = write_doc::outline(&mut self.doc, &entries);
        let lang = match self.options.lang {
            Lang::Fr => "fr-FR",
            Lang::En => "en",
        };
        let catalog = self
            .doc
            .add_object(write_doc::catalog(self.ids.pages, outlines, lang));
        let info = self
            .doc
            .add_object(write_doc::info(&self.title, self.options.creation_date));
        write_doc::trailer(&mut self.doc, catalog, info, self.hash.finish());

        // Sized from the page streams and (uncompressed) fonts, an upper bound with the objects'
        // own text, so the output never doubles its buffer (briefly twice the document's size).
        let capacity = self.stream_bytes + font_bytes + 100 * self.doc.objects.len() + 65_536;
        let mut bytes = Vec::with_capacity(capacity);
        self.doc
            .save_to(&mut bytes)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        Ok(LettersPdf {
            bytes,
            pages: self.kids.len(),
            letters: self.letters,
            missing,
            font_bytes,
        })
    }
}

/// The structure's calibration offset of sticker and card sheets, in millimetres (right, down).
pub(crate) fn label_offset(structure: &Structure) -> (f32, f32) {
    let s = &structure.letter_settings;
    (s.label_offset_x_mm.mm(), s.label_offset_y_mm.mm())
}

/// The dashed cut lines of a page of `layout`, in light grey (`G`, `w`, `d`, `m`/`l`, `S`).
fn cut_lines_content(layout: Layout) -> Content {
    let lines = cut_lines(layout);
    let mut out = Content::new();
    if lines.is_empty() {
        return out;
    }
    out.save()
        .stroke_gray(0.55)
        .line_width(0.5)
        .dash(Some((4.0, 3.0)));
    for line in lines {
        out.move_to(line.a.x, line.a.y).line_to(line.b.x, line.b.y);
    }
    out.stroke().restore();
    out
}

/// Builds the whole document at once: for the CLI, tests and small lists (the app uses
/// [`LettersBuilder`] to show progress).
pub fn letters_pdf<'u>(
    structure: &Structure,
    fonts: &Fonts,
    options: PdfOptions,
    users: impl IntoIterator<Item = (&'u User, &'u str)>,
) -> Result<LettersPdf, PdfError> {
    let mut builder = LettersBuilder::new(structure, fonts, options);
    builder.add_users(users);
    builder.finish()
}
