//! E-mail in step 3: « Envoyer par courriel » ([`SendMail`]) where it is offered — a teacher
//! sees it only where the school lets teachers e-mail (core's [`mail_offer`]) — or, for a file
//! opened in local mode, why there is none (nothing there reaches a server).

use leptos::prelude::*;
use sesame_core::access::{mail_offer, MailOffer};

use crate::components::distribution_context::DistributionContext;
use crate::components::mail::SendMail;
use crate::components::source::Source;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn MailStep() -> impl IntoView {
    let DistributionContext { school, source, .. } = DistributionContext::get();
    let texts = move || use_lang().get().texts();
    match source {
        Source::Server(session) => {
            // Whether « Envoyer par courriel » is shown at all.
            let mail_shown = Memo::new(move |_| {
                session.with(|s| {
                    s.as_ref().is_some_and(|s| {
                        school.with(|school| {
                            mail_offer(s.role, s.mail_enabled, &school.structure.letter_settings)
                                != MailOffer::Hidden
                        })
                    })
                })
            });
            (move || mail_shown.get().then(|| view! { <SendMail /> })).into_any()
        }
        Source::LocalFile => view! {
            <p class="hint" data-testid="mail-local">{move || texts().mail_local}</p>
        }
        .into_any(),
    }
}
