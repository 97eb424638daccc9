//! The pages' parts, one component per file. A component may use the app's state and services
//! (`session`, `mail_run`, `pdf_job`, `import_job`, `api`, `i18n`) and core, never a page.

pub mod admin_form;
pub mod build_status;
pub mod class_zip;
pub mod csv_export;
pub mod distribute;
pub mod file_drop;
pub mod filters;
pub mod import_errors;
pub mod import_format;
pub mod import_history;
pub mod import_preview;
pub mod import_warnings;
pub mod issued_password;
pub mod layout_choice;
pub mod letter_preview;
pub mod load_error;
pub mod local_privacy;
pub mod local_settings;
pub mod mail;
pub mod mail_confirm;
pub mod mail_result;
pub mod mark_distributed;
pub mod new_school;
pub mod pdf_preview;
pub mod print_options;
pub mod selection_counts;
pub mod selection_notes;
pub mod session_bar;
pub mod settings_form;
pub mod sheet_choice;
pub mod sort_choice;
pub mod source;
pub mod steps;
pub mod teacher_classes;
pub mod user_table;
