//! The language of everything Sésame says: the interface, the letters, the e-mails. French first
//! (what schools print and read), English available. The interface and the letters each have
//! their own choice of it (an English-speaking administrator may print French letters), but it is
//! one idea and one type.

use serde::{Deserialize, Serialize};

/// A language of the interface or of the letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// French: what schools print and read (the default).
    #[default]
    Fr,
    /// English, for international sections and administrators who read it better.
    En,
}

impl Lang {
    /// Whether `n` things take the singular: French says « 0 compte », English "0 accounts".
    pub fn singular(self, n: usize) -> bool {
        match self {
            Lang::Fr => n <= 1,
            Lang::En => n == 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn french_counts_zero_and_one_in_the_singular_english_only_one() {
        assert!(Lang::Fr.singular(0) && Lang::Fr.singular(1) && !Lang::Fr.singular(2));
        assert!(!Lang::En.singular(0) && Lang::En.singular(1) && !Lang::En.singular(2));
    }
}
