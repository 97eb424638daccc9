//! The file local mode opened: read in this browser by core's own parser, in the import worker
//! ([`import_job`]), its accounts kept in memory until the steps take them. Where it stands is
//! [`FileState`]; a file opened while another is read wins, the older answer is dropped.

use leptos::prelude::*;
use sesame_core::letter::settings_check::Setting;
use sesame_core::wire::ImportMessage;
use sesame_core::User;

use crate::browser;
use crate::import_job;
use crate::import_protocol::Reply;

/// Where the file stands.
#[derive(Clone, PartialEq)]
pub enum FileState {
    None,
    Reading(String),
    /// Refused whole: core's messages, one per bad line (or one for the file).
    Refused {
        name: String,
        problems: Vec<ImportMessage>,
    },
    Loaded {
        name: String,
        accounts: usize,
        encoding: String,
        delimiter: char,
        warnings: Vec<ImportMessage>,
    },
}

/// A message of the page itself, not of core's parser.
fn said(message: String) -> ImportMessage {
    ImportMessage {
        message,
        ..ImportMessage::default()
    }
}

/// The form field of a setting the letters need.
fn field_id(setting: Setting) -> &'static str {
    match setting {
        Setting::SchoolName => "school-name",
        _ => "login-url",
    }
}

/// The file opened, and the accounts it brought.
#[derive(Clone, Copy)]
pub struct LocalFile {
    pub state: RwSignal<FileState>,
    /// The file's accounts, waiting for the steps to take them (they then own the only copy)
    /// once the settings can print their letters.
    pub pending: StoredValue<Option<Vec<User>>>,
    /// A count that makes the steps start over.
    pub shown: RwSignal<u32>,
    /// Which file is being read: an older one finishing later is ignored.
    ticket: StoredValue<u32>,
    read: Action<(web_sys::File, u32), ()>,
}

impl LocalFile {
    /// No file yet. `has_settings`: whether the letters can be printed; `missing`: what they
    /// lack, the first of which takes the focus once a file is read without it.
    pub fn new(has_settings: Memo<bool>, missing: Memo<Vec<Setting>>) -> Self {
        let state = RwSignal::new(FileState::None);
        let pending = StoredValue::new(None::<Vec<User>>);
        let shown = RwSignal::new(0u32);
        let ticket = StoredValue::new(0u32);
        let read = Action::new_local(move |(file, mine): &(web_sys::File, u32)| {
            let (file, mine, name) = (file.clone(), *mine, file.name());
            async move {
                let reply = match browser::read_file(&file).await {
                    Ok(bytes) => import_job::parse(&name, bytes).await,
                    Err(e) => Err(e),
                };
                if ticket.get_value() != mine {
                    return;
                }
                let next = match reply {
                    Ok(Reply::Parsed {
                        users,
                        warnings,
                        encoding,
                        delimiter,
                    }) => {
                        let accounts = users.len();
                        pending.set_value(Some(users));
                        FileState::Loaded {
                            name,
                            accounts,
                            encoding,
                            delimiter,
                            warnings,
                        }
                    }
                    Ok(Reply::Refused(problems)) => FileState::Refused { name, problems },
                    Ok(other) => FileState::Refused {
                        name,
                        problems: vec![said(format!(
                            "réponse inattendue du lecteur de fichier : {other:?}"
                        ))],
                    },
                    Err(e) => FileState::Refused {
                        name,
                        problems: vec![said(e)],
                    },
                };
                let loaded = matches!(next, FileState::Loaded { .. });
                state.set(next);
                shown.update(|n| *n += 1);
                // Its letters cannot be printed yet: the focus goes to what they need.
                if loaded && !has_settings.get_untracked() {
                    if let Some(first) = missing.get_untracked().first() {
                        browser::yield_now().await;
                        if let Some(field) = browser::element_by_id(field_id(*first)) {
                            let _ = field.focus();
                        }
                    }
                }
            }
        });
        LocalFile {
            state,
            pending,
            shown,
            ticket,
            read,
        }
    }

    /// Whether a file is being read.
    pub fn reading(self) -> Signal<bool> {
        let state = self.state;
        Signal::derive(move || matches!(state.get(), FileState::Reading(_)))
    }

    /// Opens `file`: the previous file's accounts go now, not when the new one is read.
    pub fn open(self, file: web_sys::File) {
        self.ticket.update_value(|t| *t += 1);
        let mine = self.ticket.get_value();
        self.pending.set_value(None);
        self.shown.update(|n| *n += 1);
        self.state.set(FileState::Reading(file.name()));
        // A `File` stays in this thread: dispatched as a local task.
        self.read.dispatch_local((file, mine));
    }
}
