//! The tenant's uid counter: every object the fake makes gets its Palette-style uid from it, whatever its area.

/// Hands out uids in creation order (so maps keyed by uid sort by creation).
#[derive(Debug, Default)]
pub(crate) struct Uids {
    issued: u64,
}

impl Uids {
    /// A fresh Palette-style uid (24 hex digits).
    pub(crate) fn next(&mut self) -> String {
        self.issued += 1;
        format!("6560{:020x}", self.issued)
    }

    /// How many uids were handed out.
    pub(crate) fn issued(&self) -> u64 {
        self.issued
    }
}
