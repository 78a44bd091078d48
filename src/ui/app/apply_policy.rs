//! Applying the commands of policy and warnings: a new policy version, the warning
//! thresholds, and the acknowledgement of an alert.

use super::{GreencardApp, Section};
use crate::domain::dates::fmt_date;
use crate::ui::command::Command;

impl GreencardApp {
    /// Applies one policy or alert command (the others are not passed here).
    pub(super) fn apply_policy(&mut self, command: Command) {
        let Some(actor) = self.session.clone() else { return };
        let today = crate::ui::clock::today();
        match command {
            Command::AddPolicyVersion { effective_from, policy, note } => {
                match self.store.add_policy_version(&actor, effective_from, &policy, &note, today) {
                    Ok(v) => {
                        self.settings.policy.saved();
                        self.success(
                            "policy.edit.saved",
                            &[("id", v.id.to_string()), ("date", fmt_date(v.effective_from))],
                        );
                    }
                    Err(e) => crate::ui::policy_panel::refused(&mut self.settings.policy, &e),
                }
            }
            Command::SetWarningSettings(s) => match self.store.set_warning_settings(&actor, s) {
                Ok(()) => {
                    self.settings.policy.warnings_saved();
                    self.success("warnings.saved", &[]);
                }
                Err(e) => self.error(&e),
            },
            Command::AcknowledgeAlert { kind, subject_id, cause } => {
                match self.store.acknowledge_alert(&actor, today, kind, subject_id, &cause) {
                    Ok(()) => self.success("alerts.acknowledged", &[]),
                    Err(e) => self.error(&e),
                }
                self.stale.insert(Section::Stats);
            }
            _ => {}
        }
    }
}
