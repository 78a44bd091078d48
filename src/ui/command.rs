//! What the screens ask the app to do. Screens never write while they draw: they push a
//! [`Command`], and the app applies the commands after the frame's UI has run.

use crate::i18n::Lang;
use crate::store::NewUser;

use super::theme::ThemeChoice;

/// A change requested by a screen. (No `Debug`: some commands carry a password.)
#[derive(Clone)]
pub enum Command {
    /// First start: create the administrator and log in as them.
    SetUpAdmin(NewUser),
    /// Log in.
    LogIn { username: String, password: String },
    /// Log out and show the login screen.
    LogOut,
    /// The locked session's user types their password to come back.
    Unlock { password: String },
    /// An administrator sets the idle minutes after which windows lock.
    SetIdleMinutes(crate::domain::access::IdleMinutes),
    /// Switch the interface language (remembered in the database).
    SetLanguage(Lang),
    /// Switch light or dark (remembered in the database).
    SetTheme(ThemeChoice),
    /// Write a backup into the backups folder now (on a worker thread).
    BackupNow,
    /// Replace the database by this backup (administrators; the current file is kept).
    RestoreBackup(std::path::PathBuf),
    /// Register (`id` None) or change a talent.
    SaveTalent { id: Option<i64>, talent: Box<crate::domain::talent::NewTalent> },
    /// The flagged pair are two different people.
    MarkDistinct { flag_id: i64 },
    /// Merge a flagged pair, keeping one record.
    MergeDuplicate { flag_id: i64, keep: i64 },
    /// Add a development zone.
    CreateZone { code: String, name: String },
    /// Set a zone's yearly targets.
    SetZoneTarget(crate::store::ZoneTarget),
    /// Register an employer.
    CreateEmployer { name: String, code: crate::domain::CreditCode, zone_id: i64 },
    /// Add a line to the shortage catalogue.
    AddShortage(crate::store::ShortageEntry),
    /// Create a team.
    CreateTeam(crate::store::NewTeam),
    /// Add a member to a team (or change their role).
    SetTeamMember { team_id: i64, talent_id: i64, role: String },
    /// A clerk enters an employer's submission for a talent.
    SubmitApplication { kind: crate::store::ApplicationKind, talent_id: i64, summary: String },
    /// A reviewer decides on applications at their step, each in its own transaction.
    DecideApplications { ids: Vec<i64>, decision: crate::domain::review::Decision, reason: String },
    /// Issue the card of an approved application.
    IssueCard { application_id: i64 },
    /// Renew cards, each in its own transaction.
    RenewCards { ids: Vec<i64> },
    /// Report a card lost: void it and issue a new number.
    ReportCardLost { card_id: i64, reason: String },
    /// Suspend, resume or revoke a card.
    SetCardStatus { card_id: i64, to: crate::domain::card::CardStatus, reason: String },
    /// Show a talent's profile.
    OpenTalent { id: i64 },
    /// Show one talent's document number and phone in full (audited; needs the right).
    UnmaskTalent { id: i64 },
    /// Show a card's page.
    OpenCard { card_id: i64 },
    /// Request a reprint of a card or of one of its attached cards.
    RequestReprint { card_id: i64, family_card_id: Option<i64>, reason: String },
    /// Move print requests a step on (printed, then handed over).
    AdvancePrints { ids: Vec<i64> },
    /// Issue an attached card to a family member of the card's holder.
    AttachFamilyCard { card_id: i64, member: Box<crate::domain::family::NewFamilyMember> },
    /// Cancel an attached card.
    CancelFamilyCard { id: i64, reason: String },
    /// Log a use of a service against a card.
    LogServiceUse { card_id: i64, service_use: Box<crate::domain::family::NewServiceUse> },
    /// An administrator adds a service to the catalogue.
    AddService(crate::domain::family::ServiceNames),
    /// An administrator renames, retires or offers again a service.
    UpdateService { code: String, names: crate::domain::family::ServiceNames, active: bool },
    /// Add a housing project.
    AddAptProject { name: String, zone_id: i64, address: String },
    /// Add a unit with its first market rent.
    AddAptUnit(crate::store::NewUnit),
    /// Set a unit's market rent from a date on.
    SetMarketRent { unit_id: i64, from: chrono::NaiveDate, monthly: crate::domain::Fen },
    /// Mark a unit under repair or ready.
    SetUnitRepair { unit_id: i64, repair: bool },
    /// Sign a lease.
    AllocateUnit(crate::store::NewLease),
    /// Extend a lease.
    RenewLease { id: i64, new_end: chrono::NaiveDate },
    /// End a lease.
    EndLease { id: i64, on: chrono::NaiveDate, reason: String },
    /// Record a rent payment.
    RecordRentPayment { lease_id: i64, paid_on: chrono::NaiveDate, amount: crate::domain::Fen, note: String },
    /// Record a cash rent subsidy for a talent.
    AddRentSubsidy { talent_id: i64, from: chrono::NaiveDate, to: chrono::NaiveDate, monthly: crate::domain::Fen },
    /// Show a lease's page.
    OpenLease { id: i64 },
    /// Add a grant programme.
    AddGrantProgramme {
        name: String,
        year: i64,
        budget: crate::domain::Fen,
        plan: Vec<crate::domain::grants::TrancheStep>,
    },
    /// Enter a grant application.
    SubmitGrant(crate::store::NewGrant),
    /// Show a grant's page.
    OpenGrant { id: i64 },
    /// A reviewer marks a tranche's condition met.
    MarkTrancheMet { grant_id: i64, tranche_id: i64 },
    /// Pay a tranche.
    PayTranche { grant_id: i64, tranche_id: i64 },
    /// Stop a grant.
    StopGrant { id: i64, reason: String },
    /// Claw back part of a grant.
    ClawBackGrant { id: i64, amount: crate::domain::Fen, reason: String },
    /// A user asks to export personal data unmasked: the store checks the right and writes
    /// the audit row, and says so in `verdict` (the file is written only then).
    AuditUnmaskedExport { list: String, file: String, verdict: crate::ui::export::Verdict },
    /// Import the checked rows of a sheet in one transaction, and remember its mapping.
    ApplyImport { plan: Box<crate::store::ImportPlan>, mapping: crate::exchange::import::SavedMapping },
    /// An import written on a worker thread is done: tell the clerk and read the lists again.
    ImportDone(crate::store::ImportCounts),
    /// An administrator stores a new policy version.
    AddPolicyVersion { effective_from: chrono::NaiveDate, policy: Box<crate::domain::Policy>, note: String },
    /// An administrator sets the warning thresholds.
    SetWarningSettings(crate::domain::alerts::WarningSettings),
    /// Someone acknowledges an alert (who and when are kept).
    AcknowledgeAlert { kind: crate::domain::alerts::AlertKind, subject_id: i64, cause: String },
    /// An administrator adds a user.
    CreateUser(NewUser),
    /// An administrator enables or disables a user.
    SetUserActive { user_id: i64, active: bool },
    /// A user changes their own password.
    ChangeOwnPassword { current: String, new: String },
    /// An administrator limits a user to zones (empty: every zone) and grants or takes away
    /// the right to see personal data in full.
    SetUserAccess { user_id: i64, zones: Vec<i64>, can_unmask: bool },
    /// An administrator sets a user's password.
    SetPassword { user_id: i64, password: String },
}
