//! A real SMTP server for the mail tests and benchmark: `smtp_sink.py` (Python's aiosmtpd) run
//! as a child process on 127.0.0.1, writing each message it accepts to a directory, and helpers
//! to read those messages back with `mail-parser`.

#![allow(dead_code)] // each test file uses its own part of the harness

/// Where the sink's script is, from this package's manifest directory (the root package's
/// end-to-end tests include `sink.rs` too, with their own path).
const SINK_SCRIPT: &str = "tests/smtp_sink.py";

mod sink;
pub use sink::*;

/// What a test looks at in a received message.
#[derive(Debug)]
pub struct Received {
    pub raw: String,
    pub to_name: Option<String>,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
}

pub fn parse(raw: &[u8]) -> Received {
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a parsable message");
    let to = message.to().and_then(|a| a.first()).expect("a To header");
    Received {
        raw: String::from_utf8_lossy(raw).into_owned(),
        to_name: to.name().map(str::to_owned),
        to_address: to.address().unwrap().to_owned(),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).unwrap_or_default().into_owned(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
    }
}
