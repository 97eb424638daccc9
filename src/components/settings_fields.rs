//! The fields of a school's settings form, one signal each, and the settings they spell: filled
//! from the saved settings, read back as typed (the preview follows them, saving sends them).

use leptos::prelude::*;
use sesame_core::{LetterSettings, Millimetres, Profile};

/// An offset as the form shows it: a decimal comma.
fn typed_offset(mm: Millimetres) -> String {
    mm.to_string().replace('.', ",")
}

/// The settings form's fields.
#[derive(Clone, Copy)]
pub struct SettingsFields {
    pub ent_name: RwSignal<String>,
    pub login_url: RwSignal<String>,
    pub activation_url: RwSignal<String>,
    pub help_text: RwSignal<String>,
    pub sender: RwSignal<String>,
    pub external: RwSignal<Vec<Profile>>,
    pub teachers: RwSignal<bool>,
    pub teachers_mail: RwSignal<bool>,
    /// The calibration offset as typed ("1,5"): read when saved, so a typo is said, not zeroed.
    pub offset_x: RwSignal<String>,
    pub offset_y: RwSignal<String>,
}

impl SettingsFields {
    /// The fields, holding `saved`.
    pub fn new(saved: LetterSettings) -> Self {
        SettingsFields {
            offset_x: RwSignal::new(typed_offset(saved.label_offset_x_mm)),
            offset_y: RwSignal::new(typed_offset(saved.label_offset_y_mm)),
            ent_name: RwSignal::new(saved.ent_name),
            login_url: RwSignal::new(saved.login_url),
            activation_url: RwSignal::new(saved.activation_url),
            help_text: RwSignal::new(saved.help_text),
            sender: RwSignal::new(saved.sender_address),
            external: RwSignal::new(saved.external_sign_in),
            teachers: RwSignal::new(saved.teachers_may_distribute),
            teachers_mail: RwSignal::new(saved.teachers_may_mail),
        }
    }

    /// The fields now hold `s` (as the server stored it).
    pub fn fill(self, s: LetterSettings) {
        self.offset_x.set(typed_offset(s.label_offset_x_mm));
        self.offset_y.set(typed_offset(s.label_offset_y_mm));
        self.ent_name.set(s.ent_name);
        self.login_url.set(s.login_url);
        self.activation_url.set(s.activation_url);
        self.help_text.set(s.help_text);
        self.sender.set(s.sender_address);
        self.external.set(s.external_sign_in);
        self.teachers.set(s.teachers_may_distribute);
        self.teachers_mail.set(s.teachers_may_mail);
    }

    /// The settings as typed (tracked); an offset that is not a number counts as zero.
    pub fn edited(self) -> LetterSettings {
        LetterSettings {
            ent_name: self.ent_name.get(),
            login_url: self.login_url.get(),
            activation_url: self.activation_url.get(),
            help_text: self.help_text.get(),
            sender_address: self.sender.get(),
            external_sign_in: self.external.get(),
            label_offset_x_mm: Millimetres::parse(&self.offset_x.get()).unwrap_or_default(),
            label_offset_y_mm: Millimetres::parse(&self.offset_y.get()).unwrap_or_default(),
            teachers_may_distribute: self.teachers.get(),
            teachers_may_mail: self.teachers_mail.get(),
        }
    }

    /// Whether both offsets, as typed, are numbers of millimetres.
    pub fn offsets_valid(self) -> bool {
        Millimetres::parse(&self.offset_x.get_untracked()).is_some()
            && Millimetres::parse(&self.offset_y.get_untracked()).is_some()
    }
}
