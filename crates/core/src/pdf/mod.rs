//! Credential letters as PDF (DESIGN §5). Being written: see issue 3.
