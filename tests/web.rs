//! In-browser tests of the app's components (`wasm-bindgen-test` in headless Chromium): mount,
//! act like a user, look at what the component reports.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use sesame_app::components::filters::Filters;
use sesame_core::Lang;
use sesame_core::{Activation, ClassRef, Profile, Selection};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_parent() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let parent = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&parent).unwrap();
    parent.unchecked_into()
}

#[wasm_bindgen_test]
fn app_mounts_and_shows_the_product_name() {
    let parent = fresh_parent();
    let handle = leptos::mount::mount_to(parent.clone(), sesame_app::App);
    let title = parent
        .query_selector("[data-testid=app] h1")
        .unwrap()
        .expect("the app's title");
    assert_eq!(title.text_content().unwrap(), "Sésame");
    drop(handle);
    assert!(
        parent.query_selector("[data-testid=app]").unwrap().is_none(),
        "unmounted"
    );
}

/// Mounts the filters over `start`; returns the parent and what the component reported.
fn mount_filters(start: Selection) -> (web_sys::HtmlElement, RwSignal<Option<(Selection, bool)>>) {
    let parent = fresh_parent();
    let reported = RwSignal::new(None);
    let handle = leptos::mount::mount_to(parent.clone(), move || {
        provide_context(RwSignal::new(Lang::Fr));
        let selection = RwSignal::new(start.clone());
        let classes = vec![
            ClassRef {
                id: "c1".into(),
                name: "CM2 A".into(),
            },
            ClassRef {
                id: "c2".into(),
                name: "CP".into(),
            },
        ];
        view! {
            <Filters selection=selection.into() on_change=Callback::new(move |v| reported.set(Some(v)))
                classes=Signal::derive(move || classes.clone()) />
        }
    });
    handle.forget();
    (parent, reported)
}

fn element<T: JsCast>(parent: &web_sys::HtmlElement, css: &str) -> T {
    parent
        .query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
fn ticking_a_profile_reports_the_selection_with_it() {
    let (parent, reported) = mount_filters(Selection::default());
    element::<web_sys::HtmlElement>(&parent, "[data-testid=filter-profile-Student]").click();
    let (selection, replace) = reported.get_untracked().expect("a change was reported");
    assert_eq!(selection.profiles, [Profile::Student].into());
    assert!(!replace, "a filter change is a history entry of its own");
    assert_eq!(selection.to_query(), "profile=Student");
}

#[wasm_bindgen_test]
fn the_controls_show_the_selection_they_are_given() {
    let start = Selection::from_query("profile=Guest&class=c2&activation=not-activated").unwrap();
    let (parent, _) = mount_filters(start);
    let checked = |css: &str| element::<web_sys::HtmlInputElement>(&parent, css).checked();
    assert!(checked("[data-testid=filter-profile-Guest]"));
    assert!(!checked("[data-testid=filter-profile-Student]"));
    let classes = parent.query_selector_all("[data-testid=filter-class]").unwrap();
    assert_eq!(classes.length(), 2);
    let second: web_sys::HtmlInputElement = classes.item(1).unwrap().unchecked_into();
    assert!(second.checked(), "CP (c2) is ticked");
    let activation: web_sys::HtmlSelectElement = element(&parent, "[data-testid=filter-activation]");
    assert_eq!(activation.value(), "not-activated");
}

#[wasm_bindgen_test]
fn choosing_an_activation_reports_it() {
    let (parent, reported) = mount_filters(Selection::default());
    let activation: web_sys::HtmlSelectElement = element(&parent, "[data-testid=filter-activation]");
    activation.set_value("activated");
    activation
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let (selection, _) = reported.get_untracked().expect("a change was reported");
    assert_eq!(selection.activation, Activation::Activated);
}

/// Mounts the e-mail confirmation; returns the parent and how often each callback ran.
fn mount_mail_confirm(
    reachable: usize,
    without: usize,
) -> (web_sys::HtmlElement, RwSignal<u32>, RwSignal<u32>) {
    mount_mail_confirm_of(sesame_core::selection::directory::MailCounts {
        reachable,
        without_email: without,
        ..Default::default()
    })
}

/// [`mount_mail_confirm`] with every count given.
fn mount_mail_confirm_of(
    counts: sesame_core::selection::directory::MailCounts,
) -> (web_sys::HtmlElement, RwSignal<u32>, RwSignal<u32>) {
    use sesame_app::components::mail_confirm::MailConfirm;
    let parent = fresh_parent();
    let confirmed = RwSignal::new(0);
    let cancelled = RwSignal::new(0);
    let handle = leptos::mount::mount_to(parent.clone(), move || {
        provide_context(RwSignal::new(Lang::Fr));
        view! {
            <MailConfirm counts=counts
                on_confirm=Callback::new(move |()| confirmed.update(|n| *n += 1))
                on_cancel=Callback::new(move |()| cancelled.update(|n| *n += 1)) />
        }
    });
    handle.forget();
    (parent, confirmed, cancelled)
}

#[wasm_bindgen_test]
async fn the_mail_confirmation_is_a_modal_dialog_that_takes_the_focus() {
    let (parent, _, _) = mount_mail_confirm(2, 2);
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = element(&parent, "[data-testid=mail-confirm]");
    assert!(dialog.open(), "opened with showModal");
    assert!(
        dialog.matches(":modal").unwrap(),
        "modal: the page behind is inert"
    );
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let text: web_sys::HtmlElement = element(&parent, "#mail-confirm-text");
    assert_eq!(
        text.text_content().unwrap(),
        "Envoyer leurs identifiants à 2 comptes ? 2 sans courriel seront ignorés."
    );
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        active.get_attribute("data-testid").as_deref(),
        Some("mail-cancel"),
        "the focus starts on the harmless choice"
    );
    dialog.close();
}

/// The administrator learns, before sending, who among the recipients needs no activation code.
#[wasm_bindgen_test]
async fn the_mail_confirmation_says_who_signs_in_elsewhere_or_is_already_activated() {
    let (parent, _, _) = mount_mail_confirm_of(sesame_core::selection::directory::MailCounts {
        reachable: 12,
        without_email: 0,
        external: 3,
        activated: 1,
    });
    leptos::task::tick().await;
    let details: web_sys::HtmlElement = element(&parent, "[data-testid=mail-confirm-details]");
    assert_eq!(
        details.text_content().unwrap(),
        "Parmi eux, 3 se connectent avec un compte externe (compte académique, EduConnect ou FranceConnect) \
         et n’ont pas besoin de ces identifiants ; 1 a déjà activé son compte : son message rappelle \
         l’identifiant et comment retrouver un mot de passe oublié."
    );
    element::<web_sys::HtmlDialogElement>(&parent, "[data-testid=mail-confirm]").close();
    let (parent, _, _) = mount_mail_confirm(2, 0);
    leptos::task::tick().await;
    assert!(parent
        .query_selector("[data-testid=mail-confirm-details]")
        .unwrap()
        .is_none());
    element::<web_sys::HtmlDialogElement>(&parent, "[data-testid=mail-confirm]").close();
}

#[wasm_bindgen_test]
async fn the_mail_confirmation_reports_yes_no_and_escape() {
    let (parent, confirmed, cancelled) = mount_mail_confirm(1, 0);
    leptos::task::tick().await;
    element::<web_sys::HtmlElement>(&parent, "[data-testid=mail-confirm-ok]").click();
    assert_eq!((confirmed.get_untracked(), cancelled.get_untracked()), (1, 0));
    element::<web_sys::HtmlElement>(&parent, "[data-testid=mail-cancel]").click();
    assert_eq!((confirmed.get_untracked(), cancelled.get_untracked()), (1, 1));
    // Escape closes a modal dialog natively (scripts cannot press it): closing is a cancel.
    let dialog: web_sys::HtmlDialogElement = element(&parent, "[data-testid=mail-confirm]");
    dialog.close();
    sesame_app::browser::sleep(20).await;
    assert_eq!((confirmed.get_untracked(), cancelled.get_untracked()), (1, 2));
}

#[wasm_bindgen_test]
async fn nobody_to_mail_means_nothing_to_confirm() {
    let (parent, _, _) = mount_mail_confirm(0, 3);
    leptos::task::tick().await;
    let ok: web_sys::HtmlButtonElement = element(&parent, "[data-testid=mail-confirm-ok]");
    assert!(ok.disabled());
    let text: web_sys::HtmlElement = element(&parent, "#mail-confirm-text");
    assert!(text
        .text_content()
        .unwrap()
        .starts_with("Aucun des comptes sélectionnés"));
    element::<web_sys::HtmlDialogElement>(&parent, "[data-testid=mail-confirm]").close();
}

/// Makes the browser say whether it shows PDFs inside a page (`navigator.pdfViewerEnabled`).
fn pretend_pdf_viewer(enabled: bool) {
    let navigator = js_sys::Reflect::get(&web_sys::window().unwrap(), &"navigator".into()).unwrap();
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), &enabled.into()).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(
        navigator.unchecked_ref::<js_sys::Object>(),
        &"pdfViewerEnabled".into(),
        &descriptor,
    );
}

fn mount_pdf_preview() -> web_sys::HtmlElement {
    use sesame_app::components::pdf_preview::PdfPreview;
    let parent = fresh_parent();
    leptos::mount::mount_to(parent.clone(), move || {
        provide_context(RwSignal::new(Lang::Fr));
        view! { <PdfPreview url="blob:exemple".to_owned() file_name="lettres.pdf".to_owned() /> }
    })
    .forget();
    parent
}

#[wasm_bindgen_test]
fn a_browser_without_a_pdf_viewer_is_offered_the_download_instead_of_an_empty_preview() {
    pretend_pdf_viewer(false);
    let parent = mount_pdf_preview();
    let preview = parent
        .query_selector("[data-testid=pdf-preview]")
        .unwrap()
        .expect("the preview's place");
    assert_eq!(preview.tag_name(), "P", "no <iframe> that would stay blank");
    let text = preview.text_content().unwrap();
    assert!(
        text.starts_with("Aperçu indisponible dans ce navigateur"),
        "{text}"
    );
    let link = preview
        .query_selector("a[download]")
        .unwrap()
        .expect("the download link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("blob:exemple"));
    assert_eq!(link.get_attribute("download").as_deref(), Some("lettres.pdf"));

    pretend_pdf_viewer(true);
    let parent = mount_pdf_preview();
    let preview = parent
        .query_selector("[data-testid=pdf-preview]")
        .unwrap()
        .unwrap();
    assert_eq!(preview.tag_name(), "IFRAME");
    assert_eq!(preview.get_attribute("src").as_deref(), Some("blob:exemple"));
}

/// A signed-in teacher of CM2 A and Chorale (and of a class of another school).
fn teacher_session() -> sesame_core::wire::SessionInfo {
    let class = |id: &str, name: &str| ClassRef {
        id: id.into(),
        name: name.into(),
    };
    sesame_core::wire::SessionInfo {
        login: "marie.curie".into(),
        display_name: "Marie Curie".into(),
        role: sesame_core::wire::Role::Teacher,
        structures: Vec::new(),
        csrf_token: "csrf".into(),
        mail_enabled: true,
        classes: vec![
            class("c9", "Chorale"),
            class("c1", "CM2 A"),
            class("elsewhere", "6e B"),
        ],
    }
}

#[wasm_bindgen_test]
fn a_teacher_is_told_their_classes_in_this_school_and_an_administrator_nothing() {
    use sesame_app::components::teacher_classes::TeacherClasses;
    let school = vec![
        ClassRef {
            id: "c1".into(),
            name: "CM2 A".into(),
        },
        ClassRef {
            id: "c2".into(),
            name: "CM2 B".into(),
        },
        ClassRef {
            id: "c9".into(),
            name: "Chorale".into(),
        },
    ];
    let mount = |session: sesame_core::wire::SessionInfo| {
        let parent = fresh_parent();
        let school = school.clone();
        leptos::mount::mount_to(parent.clone(), move || {
            provide_context(RwSignal::new(Lang::Fr));
            let session = Signal::derive(move || Some(session.clone()));
            view! { <TeacherClasses session=session school_classes=school.clone() /> }
        })
        .forget();
        parent
    };
    let parent = mount(teacher_session());
    let said: web_sys::HtmlElement = element(&parent, "[data-testid=teacher-classes]");
    assert_eq!(said.text_content().unwrap(), "Vos classes : CM2 A, Chorale");

    let mut admin = teacher_session();
    admin.role = sesame_core::wire::Role::Local;
    let parent = mount(admin);
    assert!(parent
        .query_selector("[data-testid=teacher-classes]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_teachers_session_bar_has_no_administration_nor_account_link() {
    use leptos_router::components::Router;
    use sesame_app::components::session_bar::SessionBar;
    let parent = fresh_parent();
    leptos::mount::mount_to(parent.clone(), move || {
        provide_context(RwSignal::new(Lang::Fr));
        sesame_app::session::provide_session();
        view! { <Router><SessionBar session=teacher_session() /></Router> }
    })
    .forget();
    leptos::task::tick().await;
    let who: web_sys::HtmlElement = element(&parent, "[data-testid=who]");
    assert_eq!(who.text_content().unwrap(), "Marie Curie (enseignant)");
    for link in ["admins-link", "account-link"] {
        assert!(
            parent
                .query_selector(&format!("[data-testid={link}]"))
                .unwrap()
                .is_none(),
            "{link}"
        );
    }
    assert!(parent.query_selector("[data-testid=logout]").unwrap().is_some());
}

/// Mounts the administrator form (`initial`: editing); returns the parent and what it sent.
fn mount_admin_form(
    initial: Option<sesame_app::components::admin_form::AdminDraft>,
) -> (
    web_sys::HtmlElement,
    RwSignal<Option<sesame_app::components::admin_form::AdminDraft>>,
) {
    use sesame_app::components::admin_form::AdminForm;
    let parent = fresh_parent();
    let sent = RwSignal::new(None);
    leptos::mount::mount_to(parent.clone(), move || {
        provide_context(RwSignal::new(Lang::Fr));
        view! {
            <AdminForm initial=initial.clone() schools=Vec::new() submit_label=Signal::derive(|| "Créer")
                id="admin-new" busy=Signal::derive(|| false)
                on_submit=Callback::new(move |draft| sent.set(Some(draft))) />
        }
    })
    .forget();
    (parent, sent)
}

/// Types `text` into the input `css` as a person would (an `input` event).
fn type_into(parent: &web_sys::HtmlElement, css: &str, text: &str) {
    let input: web_sys::HtmlInputElement = element(parent, css);
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_admin_form_sends_the_ent_identity_trimmed_and_none_when_left_empty() {
    let (parent, sent) = mount_admin_form(None);
    let label: web_sys::HtmlElement = element(&parent, "label[for=admin-new-oidc-subject]");
    assert_eq!(label.text_content().unwrap(), "Identité ENT");
    type_into(&parent, "[data-testid=admin-new-login]", "chef.central");
    element::<web_sys::HtmlElement>(&parent, "[data-testid=admin-new-role-central]").click();
    type_into(&parent, "[data-testid=admin-new-oidc-subject]", "  ENT-ADM-1 ");
    element::<web_sys::HtmlElement>(&parent, "[data-testid=admin-new-submit]").click();
    let draft = sent.get_untracked().expect("the form was sent");
    assert_eq!(draft.oidc_subject(), Some("ENT-ADM-1".to_owned()));

    // Editing one linked before: the field shows the link; emptied, the link goes.
    let (parent, sent) = mount_admin_form(Some(sesame_app::components::admin_form::AdminDraft {
        login: "chef.central".into(),
        display_name: "Chef".into(),
        role: sesame_core::wire::Role::Central,
        structures: Vec::new(),
        disabled: false,
        oidc_subject: "ENT-ADM-1".into(),
    }));
    leptos::task::tick().await;
    let field: web_sys::HtmlInputElement = element(&parent, "[data-testid=admin-new-oidc-subject]");
    assert_eq!(field.value(), "ENT-ADM-1");
    type_into(&parent, "[data-testid=admin-new-oidc-subject]", " ");
    element::<web_sys::HtmlElement>(&parent, "[data-testid=admin-new-submit]").click();
    assert_eq!(sent.get_untracked().expect("sent").oidc_subject(), None);
}

#[wasm_bindgen_test]
async fn the_sign_in_page_says_why_the_ent_sent_the_visitor_back_and_keeps_the_password_form() {
    use leptos_router::components::Router;
    use sesame_app::pages::login::LoginPage;
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let before = window.location().href().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("?error=oidc_no_access"))
        .unwrap();
    let parent = fresh_parent();
    leptos::mount::mount_to(parent.clone(), move || {
        provide_context(RwSignal::new(Lang::Fr));
        sesame_app::session::provide_session();
        view! { <Router><LoginPage /></Router> }
    })
    .forget();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
        .unwrap();
    let error: web_sys::HtmlElement = element(&parent, "[data-testid=error]");
    assert_eq!(
        error.text_content().unwrap(),
        "Votre compte ENT n’a pas accès à Sésame — demandez à la direction."
    );
    // The test runner's server has no `/api/oidc`: without an answer, the password form is the
    // way in, never a page with none.
    for _ in 0..100 {
        if parent
            .query_selector("[data-testid=login-form]")
            .unwrap()
            .is_some()
        {
            break;
        }
        sesame_app::browser::sleep(20).await;
    }
    assert!(parent
        .query_selector("[data-testid=login-form]")
        .unwrap()
        .is_some());
    assert!(parent
        .query_selector("[data-testid=oidc-sign-in]")
        .unwrap()
        .is_none());
}
