//! A teacher's distribution page says whose letters it hands out: « Vos classes : CM2 A,
//! Chorale » — their classes in this school (core's [`classes_here`]: the session lists every
//! school's), in the school's order — and what they may do. Nothing for an administrator.

use leptos::prelude::*;
use sesame_core::access::classes_here;
use sesame_core::wire::Role;
use sesame_core::ClassRef;

use crate::api::SessionInfo;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn TeacherClasses(
    session: Signal<Option<SessionInfo>>,
    /// The school's classes, in school order (its directory's).
    school_classes: Vec<ClassRef>,
) -> impl IntoView {
    let ent = move || use_lang().get().ent();
    move || {
        let theirs = session.with(|s| {
            s.as_ref()
                .filter(|s| s.role == Role::Teacher)
                .map(|s| classes_here(&s.classes, &school_classes))
        })?;
        let names = theirs
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Some(view! {
            <div class="teacher-classes">
                <p data-testid="teacher-classes"><strong>{move || (ent().your_classes)(&names)}</strong></p>
                <p class="hint">{move || ent().teacher_hint}</p>
            </div>
        })
    }
}
