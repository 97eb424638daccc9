//! The text of a credential letter (DESIGN §5). Being written: see issue 3.
