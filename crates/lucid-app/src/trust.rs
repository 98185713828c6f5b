//! The Live tab's trust anchor: which checkpoint a sync starts from, where it came from, and
//! what the user has agreed to. The checkpoint is the one input the light client trusts, so:
//!
//! * a checkpoint from a link is only a proposal: it is shown as "from the link" and used once
//!   the user confirms it; until then the saved (or built-in) checkpoint stays in effect;
//! * the built-in checkpoint is refused when it is older than the weak-subjectivity threshold,
//!   unless the user accepts it anyway;
//! * a saved checkpoint that fails its integrity check (a torn or edited pair) is never used;
//! * nothing is saved until a sync from the checkpoint in effect verified, and then what is saved
//!   is the verified finalized head ([`verified_checkpoint`]), never an unverified input.
//!
//! Ages are measured against this computer's clock, never against a replay clock (`?slot=`): the
//! weak-subjectivity risk grows with real time. Pure logic; `live_view` shows it and `saved`
//! stores it.

use lucid_core::primitives::parse_root;
use lucid_core::{Head, NetworkConfig};
use lucid_transport::checkpoint::{AgeGauge, SavedCheckpoint, SealError};
use lucid_transport::defaults::DefaultCheckpoint;

use crate::provenance::short_hex;

/// Where the checkpoint in effect came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Saved in this browser after a verified sync; `source` says which sync.
    Saved { source: String },
    /// The built-in default; `accepted` when the user took it although it is too old.
    BuiltIn { source: &'static str, accepted: bool },
    /// From the link, confirmed by the user.
    Link,
    /// Typed in by the user.
    Typed,
}

/// The checkpoint a sync starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The block root, as given (`0x…`).
    pub root: String,
    /// The slot of the block, when known: for a saved checkpoint, the slot last verified.
    pub slot: Option<u64>,
    pub origin: Origin,
}

impl Anchor {
    /// Which checkpoint this is, for people: a noun phrase ("the checkpoint saved in this browser …").
    pub fn provenance(&self) -> String {
        match &self.origin {
            Origin::Saved { source } => format!("the checkpoint saved in this browser ({source})"),
            Origin::BuiltIn { source, accepted: false } => format!("the built-in checkpoint ({source})"),
            Origin::BuiltIn { source, accepted: true } => {
                format!("the built-in checkpoint, accepted by you although it is old ({source})")
            }
            Origin::Link => "the checkpoint from the link, confirmed by you".to_string(),
            Origin::Typed => "the checkpoint typed here".to_string(),
        }
    }
}

/// The built-in checkpoint, refused because it is older than the weak-subjectivity threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleDefault {
    pub checkpoint: DefaultCheckpoint,
    pub age: AgeGauge,
}

/// The Live tab's trust state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trust {
    /// The checkpoint a sync starts from; `None` when there is none to rely on.
    pub anchor: Option<Anchor>,
    /// A checkpoint from the link, waiting for the user to confirm it.
    pub proposed: Option<String>,
    /// The saved checkpoint was refused, and why.
    pub refused_saved: Option<SealError>,
    /// The built-in checkpoint was refused as too old (the user can still accept it).
    pub stale_default: Option<StaleDefault>,
}

impl Trust {
    /// The trust state when the page opens: the saved checkpoint if it passes its integrity check,
    /// else the built-in one if it is recent enough; a link's checkpoint only as a proposal.
    /// `now_slot` is the wall clock's slot.
    pub fn new(
        link: Option<String>,
        saved: Result<Option<SavedCheckpoint>, SealError>,
        default: Option<DefaultCheckpoint>,
        cfg: &NetworkConfig,
        now_slot: u64,
    ) -> Trust {
        let (saved, refused_saved) = match saved {
            Ok(saved) => (saved, None),
            Err(e) => (None, Some(e)),
        };
        let mut stale_default = None;
        let anchor = if let Some(saved) = saved {
            Some(Anchor {
                root: saved.block_root.to_string(),
                slot: saved.slot,
                origin: Origin::Saved { source: saved.source },
            })
        } else if let Some(d) = default {
            let age = AgeGauge::new(cfg, d.slot, now_slot);
            if age.too_old {
                stale_default = Some(StaleDefault { checkpoint: d, age });
                None
            } else {
                Some(builtin(d, false))
            }
        } else {
            None
        };
        let mut trust = Trust { anchor, proposed: None, refused_saved, stale_default };
        trust.propose(link);
        trust
    }

    /// Offer `root` (from a link) for confirmation, unless it is already the one in effect.
    fn propose(&mut self, root: Option<String>) {
        let root = root.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        self.proposed = root.filter(|r| !self.anchor.as_ref().is_some_and(|a| same_root(&a.root, r)));
    }

    /// The user confirmed the link's checkpoint: it is in effect from now on.
    pub fn confirm_proposed(&mut self) {
        if let Some(root) = self.proposed.take() {
            self.anchor = Some(Anchor { root, slot: None, origin: Origin::Link });
            self.stale_default = None;
        }
    }

    /// The user declined the link's checkpoint.
    pub fn dismiss_proposed(&mut self) {
        self.proposed = None;
    }

    /// The user typed `text` as the checkpoint.
    pub fn typed(&mut self, text: &str) {
        self.anchor = Some(Anchor { root: text.trim().to_string(), slot: None, origin: Origin::Typed });
        self.stale_default = None;
    }

    /// The user accepted the built-in checkpoint although it is too old.
    pub fn accept_stale_default(&mut self) {
        if let Some(stale) = self.stale_default.take() {
            self.anchor = Some(builtin(stale.checkpoint, true));
        }
    }

    /// The refused saved checkpoint was deleted.
    pub fn forgot_saved(&mut self) {
        self.refused_saved = None;
    }

    /// A sync from the checkpoint in effect verified `saved`: it is the checkpoint from now on.
    pub fn verified(&mut self, saved: &SavedCheckpoint) {
        self.anchor = Some(Anchor {
            root: saved.block_root.to_string(),
            slot: saved.slot,
            origin: Origin::Saved { source: saved.source.clone() },
        });
        self.stale_default = None;
        let proposed = self.proposed.take();
        self.propose(proposed);
    }

    /// The age of the checkpoint in effect (of what was last verified from it), when its slot is
    /// known. `now_slot` is the wall clock's slot.
    pub fn age(&self, cfg: &NetworkConfig, now_slot: u64) -> Option<AgeGauge> {
        let slot = self.anchor.as_ref()?.slot?;
        Some(AgeGauge::new(cfg, slot, now_slot))
    }

    /// The checkpoint a sync would start from, or why there is none.
    pub fn start_root(&self) -> Result<&str, String> {
        let Some(anchor) = &self.anchor else {
            return Err(if self.stale_default.is_some() {
                "no checkpoint in effect: the built-in one is too old. Enter a recent checkpoint, or accept the old one above.".into()
            } else {
                "no checkpoint in effect: enter a block root you trust".into()
            });
        };
        match parse_root(&anchor.root) {
            Some(_) => Ok(&anchor.root),
            None => Err(format!("the checkpoint {:?} is not a 0x-prefixed 32-byte block root", anchor.root)),
        }
    }
}

fn builtin(d: DefaultCheckpoint, accepted: bool) -> Anchor {
    Anchor {
        root: d.block_root.to_string(),
        slot: Some(d.slot),
        origin: Origin::BuiltIn { source: d.source, accepted },
    }
}

fn same_root(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// What to save after a sync from `checkpoint` over `endpoints` verified the finalized head `head`.
pub fn verified_checkpoint(head: &Head, checkpoint: &str, endpoints: &[String], saved_at: u64) -> SavedCheckpoint {
    SavedCheckpoint {
        network: "mainnet".into(),
        block_root: head.root,
        slot: Some(head.slot),
        source: format!("verified sync from checkpoint {} via {}", short_hex(checkpoint), endpoints.join(", ")),
        saved_at,
    }
}

/// A message for a refused saved checkpoint, with the way out.
pub fn refusal_message(e: &SealError) -> String {
    let what = match e {
        SealError::MissingHash => {
            "is torn: its integrity hash is missing (a save was interrupted, or the hash was removed)"
        }
        SealError::Tampered { .. } => {
            "is torn: it does not match its integrity hash (a save was interrupted, or it was edited)"
        }
        SealError::Invalid(_) => "is not a valid checkpoint",
    };
    format!("The checkpoint saved in this browser {what}, so it is not used. Forget it to clear both stored entries; the next verified sync saves a new one.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use lucid_transport::checkpoint::WS_WARN_EPOCHS;

    const ROOT_A: &str = "0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275";
    const ROOT_B: &str = "0x1111111111111111111111111111111111111111111111111111111111111111";

    fn cfg() -> NetworkConfig {
        NetworkConfig::mainnet()
    }

    fn default_at(slot: u64) -> Option<DefaultCheckpoint> {
        Some(DefaultCheckpoint { block_root: ROOT_A, slot, source: "test" })
    }

    fn saved(root: &str, slot: u64) -> SavedCheckpoint {
        SavedCheckpoint {
            network: "mainnet".into(),
            block_root: parse_root(root).unwrap(),
            slot: Some(slot),
            source: "verified sync".into(),
            saved_at: 1,
        }
    }

    const FRESH: u64 = 32 * 10; // ten epochs after the checkpoint
    const OLD: u64 = 32 * (WS_WARN_EPOCHS + 1);

    #[test]
    fn a_link_checkpoint_is_only_proposed_until_confirmed() {
        let mut t = Trust::new(Some(ROOT_B.into()), Ok(Some(saved(ROOT_A, 100))), None, &cfg(), 100 + FRESH);
        assert_eq!(t.anchor.as_ref().unwrap().root, ROOT_A, "the saved one stays in effect");
        assert_eq!(t.proposed.as_deref(), Some(ROOT_B));
        assert_eq!(t.start_root(), Ok(ROOT_A));
        t.confirm_proposed();
        assert_eq!(t.anchor.as_ref().map(|a| (a.root.as_str(), &a.origin)), Some((ROOT_B, &Origin::Link)));
        assert_eq!(t.proposed, None);
        assert_eq!(t.age(&cfg(), 100 + FRESH), None, "an unverified checkpoint has no known age");
    }

    #[test]
    fn a_link_to_the_checkpoint_in_effect_needs_no_confirmation() {
        let t =
            Trust::new(Some(ROOT_A.to_uppercase().replace("0X", "0x")), Ok(Some(saved(ROOT_A, 1))), None, &cfg(), 1);
        assert_eq!(t.proposed, None);
    }

    #[test]
    fn an_old_default_is_refused_unless_accepted() {
        let mut t = Trust::new(None, Ok(None), default_at(1000), &cfg(), 1000 + OLD);
        assert_eq!(t.anchor, None);
        assert!(t.stale_default.as_ref().is_some_and(|s| s.age.too_old));
        assert!(t.start_root().is_err());
        t.accept_stale_default();
        let anchor = t.anchor.clone().unwrap();
        assert_eq!(anchor.origin, Origin::BuiltIn { source: "test", accepted: true });
        assert!(t.age(&cfg(), 1000 + OLD).unwrap().too_old, "the gauge still says how old it is");
        assert_eq!(t.start_root(), Ok(ROOT_A));
    }

    #[test]
    fn a_recent_default_is_in_effect() {
        let t = Trust::new(None, Ok(None), default_at(1000), &cfg(), 1000 + FRESH);
        assert_eq!(t.anchor.unwrap().origin, Origin::BuiltIn { source: "test", accepted: false });
        assert_eq!(t.stale_default, None);
    }

    #[test]
    fn a_refused_saved_checkpoint_is_not_used() {
        let t = Trust::new(None, Err(SealError::MissingHash), default_at(1000), &cfg(), 1000 + FRESH);
        assert_eq!(t.refused_saved, Some(SealError::MissingHash));
        assert_eq!(t.anchor.unwrap().root, ROOT_A, "the built-in one instead");
        assert!(refusal_message(&SealError::MissingHash).contains("Forget it"));
    }

    #[test]
    fn the_gauge_measures_what_was_last_verified() {
        let mut t = Trust::new(Some(ROOT_B.into()), Ok(None), default_at(1000), &cfg(), 1000 + OLD);
        t.confirm_proposed();
        t.verified(&saved(ROOT_A, 1000 + OLD - 64));
        let age = t.age(&cfg(), 1000 + OLD).unwrap();
        assert_eq!(age.age_epochs, 2);
        assert!(matches!(t.anchor.unwrap().origin, Origin::Saved { .. }));
    }

    #[test]
    fn typing_a_checkpoint_is_a_choice() {
        let mut t = Trust::new(None, Ok(None), default_at(1000), &cfg(), 1000 + OLD);
        t.typed(" 0x12 ");
        assert_eq!(t.anchor.as_ref().unwrap().origin, Origin::Typed);
        assert_eq!(t.stale_default, None);
        assert!(t.start_root().unwrap_err().contains("not a 0x-prefixed"));
    }
}
