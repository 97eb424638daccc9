//! The accounts a request names by id (recording a distribution, sending a mailing): how many
//! one request may name, and the set of them it stands for.

use crate::error::{AppError, AppResult};

/// Most ids one request may name (a very large school, with room to spare).
const MAX_IDS: usize = 100_000;

/// The accounts of `ids`, sorted and each once; refused unless there are between 1 and
/// [`MAX_IDS`] of them, the message saying what one request is (`per`: "par envoi").
pub(super) fn account_ids(mut ids: Vec<String>, per: &str) -> AppResult<Vec<String>> {
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(AppError::BadRequest(format!(
            "Entre 1 et {MAX_IDS} comptes {per}."
        )));
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}
