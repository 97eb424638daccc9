//! Step 3's options, kept in the address with the selection (a reload or a bookmark keeps them):
//! a new page per group, sign-off sheets, the QR code (and whether it holds the activation code;
//! not on sheets, which say why) and the letters' language — French unless chosen otherwise,
//! whatever the interface's language.

use leptos::prelude::*;
use sesame_core::pdf::QrCode;
use sesame_core::selection::PrintChoices;
use sesame_core::Lang;

use crate::components::distribution_context::DistributionContext;
use crate::i18n::{use_lang, LangTexts, Texts};

#[component]
pub fn PrintOptions() -> impl IntoView {
    let context = DistributionContext::get();
    let selection = context.selection;
    let texts = move || use_lang().get().texts();
    let print = Memo::new(move |_| selection.with(|s| s.print));
    let set_print = move |f: &dyn Fn(&mut PrintChoices)| context.edit_selection(|s| f(&mut s.print));
    // An option that is only on or off, whatever the template.
    let plain_option = move |testid: &'static str,
                             is_on: fn(&PrintChoices) -> bool,
                             turn: fn(&mut PrintChoices, bool),
                             label: fn(&Texts) -> &'static str| {
        view! {
            <label class="check"><input type="checkbox" data-testid=testid
                prop:checked=move || is_on(&print.get())
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set_print(&|p| turn(p, on));
                } />
                {move || label(texts())}</label>
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Options"</legend>
            {plain_option(
                "new-page-per-group",
                |p| p.new_page_per_group,
                |p, on| p.new_page_per_group = on,
                |t| t.new_page_per_group,
            )}
            {plain_option(
                "sign-off-sheets",
                |p| p.sign_off_sheets,
                |p, on| p.sign_off_sheets = on,
                |t| t.sign_off_sheets,
            )}
            <label class="check"><input type="checkbox" data-testid="qr"
                // A sheet's labels print no QR code: not offered there, and said why.
                disabled=move || !selection.with(|s| s.layout.prints_qr())
                aria-describedby=move || (!selection.with(|s| s.layout.prints_qr())).then_some("qr-none")
                prop:checked=move || print.get().qr.is_printed() && selection.with(|s| s.layout.prints_qr())
                // Unticked, the code goes too: it goes only in a QR code that is printed.
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set_print(&|p| p.qr = QrCode::from_choices(on, false));
                } />
                {move || texts().qr_activation}</label>
            <label class="check nested"><input type="checkbox" data-testid="qr-code"
                disabled=move || !print.get().qr.is_printed() || !selection.with(|s| s.layout.prints_qr())
                prop:checked=move || print.get().qr == QrCode::AddressAndCode && selection.with(|s| s.layout.prints_qr())
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set_print(&|p| p.qr = QrCode::from_choices(true, on));
                } />
                {move || texts().qr_includes_code}</label>
            {move || (!selection.with(|s| s.layout.prints_qr())).then(|| view! {
                <p class="hint" id="qr-none" data-testid="qr-none">{use_lang().get().distribution().qr_not_on_sheets}</p>
            })}
            <label for="letter-lang">{move || texts().letter_lang_label}</label>
            <select id="letter-lang" data-testid="letter-lang"
                on:change=move |ev| {
                    let lang = if event_target_value(&ev) == "en" { Lang::En } else { Lang::Fr };
                    set_print(&|p| p.letter_lang = lang);
                }>
                <option value="fr" prop:selected=move || print.get().letter_lang == Lang::Fr>"Français"</option>
                <option value="en" prop:selected=move || print.get().letter_lang == Lang::En>"English"</option>
            </select>
        </fieldset>
    }
}
