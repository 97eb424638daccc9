//! More texts of the distribution page, in French and English. Apart from `super::Texts` only
//! to keep each file readable (and each engineer's additions apart);
//! [`super::LangTexts::distribution`] gives them.

use sesame_core::Lang;

/// The distribution page's further texts in one language.
pub struct DistributionTexts {
    // Taking back « Marquer comme distribués » (components/mark_distributed.rs).
    pub undo_marked: &'static str,
    /// "Possible pendant 5 minutes."
    pub undo_hint: fn(i64) -> String,
    /// "Marquage annulé : ces 12 comptes ne sont plus notés comme distribués."
    pub unmarked: fn(usize) -> String,
    // Step 3's options (components/distribute.rs).
    /// In place of « Appliquer ce conseil » once the selection follows it.
    pub advice_applied: &'static str,
}

fn plural(lang: Lang, n: usize, one: &str, many: &str) -> String {
    let singular = match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    format!("{n} {}", if singular { one } else { many })
}

pub(super) const FR: DistributionTexts = DistributionTexts {
    undo_marked: "Annuler",
    undo_hint: |minutes| format!("(possible pendant {minutes} minutes, si ce n’était pas la bonne pile)"),
    unmarked: |n| {
        if n <= 1 {
            format!("Marquage annulé : {n} compte n’est plus noté comme distribué.")
        } else {
            format!("Marquage annulé : {n} comptes ne sont plus notés comme distribués.")
        }
    },
    advice_applied: "(conseil appliqué)",
};

pub(super) const EN: DistributionTexts = DistributionTexts {
    undo_marked: "Undo",
    undo_hint: |minutes| format!("(possible for {minutes} minutes, if it was the wrong pile)"),
    unmarked: |n| {
        format!(
            "Marking undone: {} no longer recorded as distributed.",
            plural(Lang::En, n, "account is", "accounts are")
        )
    },
    advice_applied: "(advice applied)",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_back_a_marking_agrees_in_number() {
        assert_eq!(
            (FR.unmarked)(1),
            "Marquage annulé : 1 compte n’est plus noté comme distribué."
        );
        assert_eq!(
            (FR.unmarked)(12),
            "Marquage annulé : 12 comptes ne sont plus notés comme distribués."
        );
        assert_eq!(
            (EN.unmarked)(1),
            "Marking undone: 1 account is no longer recorded as distributed."
        );
    }
}
