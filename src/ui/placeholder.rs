//! Counts as clerks read them (every section is open now; the empty state is gone).

use crate::domain::text::group_thousands;

/// A record count as shown to clerks: `1,000,000`.
pub fn count(n: i64) -> String {
    group_thousands(n.max(0).unsigned_abs())
}
