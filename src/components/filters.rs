//! The *Sélection* step: every filter of `sesame_core::selection`. Each control reports a whole new
//! [`Selection`]; the page writes it into the URL, which is the one source of truth.
//!
//! Without a distribution log (local mode) the « Déjà distribués » filter is not shown.
//!
//! Text typed in the search box replaces the history entry (one entry per keystroke would make
//! the back button useless); every other change adds one.

use leptos::prelude::*;
use sesame_core::selection::typed_date::{show_typed_date, TypedDate};
use sesame_core::selection::ImportFilter;
use sesame_core::{Choice, ClassRef, Lang, Profile, Selection};

use crate::i18n::{use_lang, LangTexts, Texts};

/// Picks one text of the current language.
type Text = fn(&Texts) -> &'static str;

/// A three-way filter shown as a `<select>`: its values and their words in the address are
/// core's ([`Choice`]), the labels this language's.
fn choice<T: Choice + Send + Sync>(
    lang: RwSignal<Lang>,
    id: &'static str,
    label: Text,
    labels: [Text; 3],
    current: impl Fn() -> T + Copy + Send + Sync + 'static,
    set: impl Fn(T) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Each option then touches the page only when the value really changes.
    let current = Memo::new(move |_| current());
    view! {
        <div class="field">
            <label for=id>{move || label(lang.get().texts())}</label>
            <select id=id data-testid=format!("filter-{id}")
                on:change=move |ev| set(T::from_token(&event_target_value(&ev)).unwrap_or(T::ALL[0]))>
                {T::ALL.into_iter().zip(labels).map(|(v, text)| view! {
                    <option value=v.token().unwrap_or("all") selected=move || current.get() == v>
                        {move || text(lang.get().texts())}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// A « Créés depuis / avant le » field: a text field read day first (`typed_date`), the same
/// in every browser and language, where `<input type="date">` follows the browser's locale.
/// Text that is not a date lifts the filter (core's [`TypedDate`]) and `error` says so: the field
/// then shows no date, and none is applied — never the previous one behind the field's back.
fn date_field(
    lang: RwSignal<Lang>,
    id: &'static str,
    label: Text,
    error: RwSignal<Option<String>>,
    current: impl Fn() -> Option<chrono::NaiveDate> + Copy + Send + Sync + 'static,
    set: impl Fn(Option<chrono::NaiveDate>) + Send + Sync + 'static,
) -> impl IntoView {
    let texts = move || lang.get().texts();
    let format_id = format!("{id}-format");
    view! {
        <div class="field">
            <label for=id>{move || label(texts())}" "<span class="format" id=format_id.clone()>{move || texts().date_format}</span></label>
            <input id=id type="text" inputmode="numeric" autocomplete="off" size="10" data-testid=format!("filter-{id}")
                aria-describedby=format_id placeholder=move || texts().date_format
                prop:value=move || current().map(show_typed_date).unwrap_or_default()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let typed = TypedDate::read(&text);
                    error.set((typed == TypedDate::NotADate).then(|| {
                        let lang = lang.get_untracked();
                        format!(
                            "{} {}",
                            (lang.texts().bad_date)(text.trim()),
                            (lang.distribution().date_lifted)(label(lang.texts()))
                        )
                    }));
                    if typed == TypedDate::NotADate {
                        // The field shows what is applied: nothing (the message quotes the text).
                        event_target::<web_sys::HtmlInputElement>(&ev).set_value("");
                    }
                    // Unchanged (a wrong date where there was none): no history entry.
                    if typed.applied() != untrack(current) {
                        set(typed.applied());
                    }
                } />
        </div>
    }
}

#[component]
pub fn Filters(
    selection: Signal<Selection>,
    on_change: Callback<(Selection, bool)>,
    classes: Signal<Vec<ClassRef>>,
    /// Whether the school has a recorded import (« Nouveaux comptes du dernier import »).
    #[prop(into, optional)]
    has_import: Signal<bool>,
    /// Whether a distribution log exists (its « Déjà distribués » filter); not in local mode.
    #[prop(default = true)]
    distribution_log: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().texts();
    let change = move |f: &dyn Fn(&mut Selection)| {
        let mut next = selection.get_untracked();
        f(&mut next);
        on_change.run((next, false));
    };
    let date_error = RwSignal::new(None::<String>);

    view! {
        <div class="filters">
            <fieldset class="field profiles">
                <legend>{move || t().profiles}</legend>
                {Profile::ALL.into_iter().map(|p| {
                    let checked = Memo::new(move |_| selection.with(|s| s.profiles.contains(&p)));
                    view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("filter-profile-{}", p.as_str())
                            prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                change(&|s| { if on { s.profiles.insert(p); } else { s.profiles.remove(&p); } });
                            } />
                        {move || lang.get().profile(p)}
                    </label>
                    }
                }).collect_view()}
            </fieldset>
            {choice(lang, "activation", |t| t.activation, [|t| t.all, |t| t.activated, |t| t.not_activated],
                move || selection.with(|s| s.activation), move |v| change(&|s| s.activation = v))}
            {choice(lang, "email", |t| t.email, [|t| t.all, |t| t.with_email, |t| t.without_email],
                move || selection.with(|s| s.email), move |v| change(&|s| s.email = v))}
            {choice(lang, "localAdmins", |t| t.local_admins, [|t| t.all, |t| t.only, |t| t.excluded],
                move || selection.with(|s| s.local_admins), move |v| change(&|s| s.local_admins = v))}
            {choice(lang, "blocked", |t| t.blocked, [|t| t.all, |t| t.blocked_only, |t| t.unblocked_only],
                move || selection.with(|s| s.blocked), move |v| change(&|s| s.blocked = v))}
            {distribution_log.then(|| choice(lang, "distributed", |t| t.distributed, [|t| t.all, |t| t.yes, |t| t.no],
                move || selection.with(|s| s.distributed), move |v| change(&|s| s.distributed = v)))}
            {date_field(lang, "created-since", |t| t.created_since, date_error,
                move || selection.with(|s| s.created_since), move |d| change(&|s| s.created_since = d))}
            {date_field(lang, "created-before", |t| t.created_before, date_error,
                move || selection.with(|s| s.created_before), move |d| change(&|s| s.created_before = d))}
            {move || date_error.get().map(|e| view! { <p class="error" role="alert" data-testid="error">{e}</p> })}
            {move || selection.with(Selection::dates_reversed).then(|| view! {
                <p class="error" role="alert" data-testid="dates-reversed">{t().dates_reversed}</p>
            })}
            {move || {
                let import = selection.with(|s| s.import.clone());
                (has_import.get() || import != ImportFilter::All).then(|| {
                    let label = move || {
                        let texts = lang.get().distribution();
                        if matches!(selection.with(|s| s.import.clone()), ImportFilter::Id(_)) {
                            texts.filter_one_import
                        } else {
                            texts.filter_latest_import
                        }
                    };
                    view! {
                        <label class="check field import-filter">
                            <input type="checkbox" data-testid="filter-import-latest"
                                prop:checked=move || selection.with(|s| s.import != ImportFilter::All)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    change(&|s| s.import = if on { ImportFilter::Latest } else { ImportFilter::All });
                                } />
                            {label}
                        </label>
                    }
                })
            }}
            <div class="field search">
                <label for="search">{move || t().search}</label>
                <input id="search" type="search" data-testid="filter-search"
                    prop:value=move || selection.with(|s| s.search.clone())
                    on:input=move |ev| {
                        let mut next = selection.get_untracked();
                        next.search = event_target_value(&ev);
                        on_change.run((next, true));
                    } />
            </div>
            <fieldset class="field classes">
                <legend>{move || t().classes}</legend>
                <div class="class-list">
                    {move || classes.get().into_iter().map(|c| {
                        let id = c.id.clone();
                        let checked_id = c.id.clone();
                        // Per class, so a change re-checks 1 box of 100, not all of them.
                        let checked = Memo::new(move |_| selection.with(|s| s.classes.contains(&checked_id)));
                        view! {
                            <label class="check">
                                <input type="checkbox" data-testid="filter-class"
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let id = id.clone();
                                        change(&|s| { if on { s.classes.insert(id.clone()); } else { s.classes.remove(&id); } });
                                    } />
                                {c.name}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
