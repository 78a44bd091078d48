//! Who may see what, and when: zone scopes, the right to see personal data in full, the
//! growing wait after a failed login, and the idle minutes after which the window locks.

use chrono::TimeDelta;

use super::{Actor, Problem};

/// The development zones a user may see and change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every zone: administrators, and users nobody limited.
    #[default]
    All,
    /// Only these zones (sorted, without repeats; empty means nothing at all).
    Zones(Vec<i64>),
}

impl Scope {
    /// Only the zones `ids` (in any order, repeats ignored).
    pub fn only(ids: impl IntoIterator<Item = i64>) -> Scope {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        Scope::Zones(ids)
    }

    /// Whether a record of zone `zone_id` is inside the scope.
    pub fn allows(&self, zone_id: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Zones(ids) => ids.binary_search(&zone_id).is_ok(),
        }
    }

    /// Whether the scope leaves some zones out.
    pub fn is_limited(&self) -> bool {
        matches!(self, Scope::Zones(_))
    }

    /// The zones of the scope, `None` for every zone.
    pub fn zone_ids(&self) -> Option<&[i64]> {
        match self {
            Scope::All => None,
            Scope::Zones(ids) => Some(ids),
        }
    }

    /// What both scopes allow.
    pub fn narrowed(&self, other: &Scope) -> Scope {
        match (self, other) {
            (Scope::All, s) | (s, Scope::All) => s.clone(),
            (Scope::Zones(a), Scope::Zones(b)) => Scope::only(a.iter().copied().filter(|z| b.contains(z))),
        }
    }
}

/// What a user may do right now, as the database says at this moment (read again at
/// every write, so a disabled account or a changed scope takes effect at once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rights {
    /// The user, with the role stored now.
    pub actor: Actor,
    /// The zones they may see and change.
    pub scope: Scope,
    /// 查看完整个人信息: may unmask a record's document number and phone, and export unmasked.
    pub can_unmask: bool,
}

/// Why a record is out of a user's reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// The record belongs to a zone outside the user's scope.
    OutOfScope,
    /// The user lacks the right to see personal data in full.
    NoUnmaskRight,
}

impl Problem for AccessError {
    fn key(&self) -> &'static str {
        match self {
            AccessError::OutOfScope => "access.out_of_scope",
            AccessError::NoUnmaskRight => "access.no_unmask_right",
        }
    }
}
crate::impl_problem_display!(AccessError);

impl Rights {
    /// Refuses a record of a zone outside the scope.
    pub fn require_zone(&self, zone_id: i64) -> Result<(), AccessError> {
        if self.scope.allows(zone_id) { Ok(()) } else { Err(AccessError::OutOfScope) }
    }

    /// Refuses a user limited to some zones: what spans every zone (a new zone) is not theirs.
    pub fn require_every_zone(&self) -> Result<(), AccessError> {
        if self.scope.is_limited() { Err(AccessError::OutOfScope) } else { Ok(()) }
    }

    /// Refuses unless the user may see personal data in full.
    pub fn require_unmask(&self) -> Result<(), AccessError> {
        if self.can_unmask { Ok(()) } else { Err(AccessError::NoUnmaskRight) }
    }
}

/// Failed logins in a row after which an account is locked for [`LOCK_MINUTES`].
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a locked account waits before the next try.
pub const LOCK_MINUTES: i64 = 5;

/// How long the next try must wait after `failures` failed logins in a row: one second
/// after the first, doubling each time (1, 2, 4, 8 s) until the lock takes over. Guessing
/// gets slow at once, while a clerk who mistyped twice hardly notices.
pub fn retry_delay(failures: i64) -> TimeDelta {
    match failures {
        ..=0 => TimeDelta::zero(),
        n => TimeDelta::seconds(1 << (n - 1).min(10)),
    }
}

/// The setting that holds [`IdleMinutes`].
pub const IDLE_LOCK_SETTING: &str = "security.idle_lock_minutes";

/// The minutes without input after which the window locks, an administrator's setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdleMinutes(u32);

/// Why a typed number of idle minutes is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdleMinutesError {
    /// Not a whole number from 1 to [`IdleMinutes::MAX`].
    OutOfRange,
}

impl Problem for IdleMinutesError {
    fn key(&self) -> &'static str {
        "access.idle_minutes_range"
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("max", IdleMinutes::MAX.to_string())]
    }
}
crate::impl_problem_display!(IdleMinutesError);

impl Default for IdleMinutes {
    fn default() -> IdleMinutes {
        IdleMinutes(10)
    }
}

impl IdleMinutes {
    /// The longest an unattended window may stay open: a working morning.
    pub const MAX: u32 = 240;

    /// Parses typed minutes (full-width digits and spaces accepted).
    pub fn parse(input: &str) -> Result<IdleMinutes, IdleMinutesError> {
        let text = super::text::clean(input);
        match text.parse::<u32>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(IdleMinutes(n)),
            _ => Err(IdleMinutesError::OutOfRange),
        }
    }

    /// The minutes.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The same as a duration.
    pub fn duration(self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.0) * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_allow_their_zones_only() {
        let s = Scope::only([3, 1, 3]);
        assert_eq!(s, Scope::Zones(vec![1, 3]));
        assert!(s.allows(1) && s.allows(3) && !s.allows(2));
        assert!(Scope::All.allows(99));
        assert!(!Scope::only([]).allows(1), "an empty scope sees nothing");
        assert_eq!(Scope::All.narrowed(&s), s);
        assert_eq!(s.narrowed(&Scope::only([3, 4])), Scope::Zones(vec![3]));
        assert_eq!(s.narrowed(&Scope::only([4])), Scope::Zones(vec![]));
    }

    #[test]
    fn the_wait_doubles_after_each_failure() {
        let waits: Vec<i64> = (0..=5).map(|n| retry_delay(n).num_seconds()).collect();
        assert_eq!(waits, [0, 1, 2, 4, 8, 16]);
        assert_eq!(retry_delay(i64::MAX).num_seconds(), 1024, "never overflows");
    }

    #[test]
    fn idle_minutes() {
        assert_eq!(IdleMinutes::parse(" 15 ").map(IdleMinutes::get), Ok(15));
        assert_eq!(IdleMinutes::parse("１５").map(IdleMinutes::get), Ok(15));
        for bad in ["", "0", "-5", "241", "abc", "1.5", "99999999999999999999"] {
            assert_eq!(IdleMinutes::parse(bad), Err(IdleMinutesError::OutOfRange), "{bad}");
        }
        assert_eq!(IdleMinutes::default().get(), 10);
    }
}
