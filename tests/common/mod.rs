//! The one harness helper every UI test uses: the real app at office-PC size, with the
//! bundled CJK font, so a name the font cannot draw fails the test (kittest's default).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use greencard::domain::Role as UserRole;
use greencard::store::{NewUser, Store};
use greencard::ui::GreencardApp;
use sha2::Digest as _;

/// The administrator every prepared store has.
pub const ADMIN: (&str, &str) = ("admin", "admin-pass-1");

/// The app on `store` in a 1366×800 window, light theme, CJK font installed.
pub fn harness(store: Store) -> Harness<'static, GreencardApp> {
    Harness::builder()
        .with_size(egui::vec2(1366.0, 800.0))
        .with_theme(egui::Theme::Light)
        .with_max_steps(16)
        .with_context_setup(greencard::ui::fonts::install)
        .build_eframe(move |cc| GreencardApp::new(&cc.egui_ctx, store))
}

/// An in-memory store with the administrator of [`ADMIN`].
pub fn store_with_admin() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    add_admin(&mut store);
    store
}

/// Creates the administrator of [`ADMIN`] on a new store.
pub fn add_admin(store: &mut Store) -> greencard::domain::Actor {
    store
        .create_first_admin(&NewUser {
            username: ADMIN.0.into(),
            display_name: "系统管理员".into(),
            role: UserRole::Admin,
            password: ADMIN.1.into(),
        })
        .unwrap()
}

/// [`store_with_admin`] plus the clerk `clerk` (王晓) with `password`.
pub fn store_with_clerk(password: &str) -> Store {
    let mut store = store_with_admin();
    let admin = store.authenticate(ADMIN.0, ADMIN.1).unwrap();
    store
        .create_user(
            &admin,
            &NewUser {
                username: "clerk".into(),
                display_name: "王晓".into(),
                role: UserRole::Clerk,
                password: password.into(),
            },
        )
        .unwrap();
    store
}

/// Clicks the text field labelled `label` and types `text` into it.
pub fn type_into(h: &mut Harness<'_, GreencardApp>, label: &str, text: &str) {
    let role =
        if h.query_by_role_and_label(Role::TextInput, label).is_some() { Role::TextInput } else { Role::PasswordInput };
    h.get_by_role_and_label(role, label).scroll_to_me();
    settle(h);
    h.get_by_role_and_label(role, label).click();
    settle(h);
    // Select what the field holds, so typing replaces it as it does for a clerk; typing
    // nothing deletes it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(h);
    if text.is_empty() {
        h.key_press(egui::Key::Backspace);
        settle(h);
    }
    h.get_by_role_and_label(role, label).type_text(text);
    settle(h);
}

/// Clicks the button whose label is exactly `label`.
pub fn click_button(h: &mut Harness<'_, GreencardApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).scroll_to_me();
    settle(h);
    h.get_by_role_and_label(Role::Button, label).click();
    settle(h);
}

/// Clicks the tab or button whose label starts with `prefix` (tabs carry counts: 轮候（2）).
pub fn click_tab(h: &mut Harness<'_, GreencardApp>, prefix: &str) {
    let node = h
        .query_all(egui_kittest::kittest::By::new().role(Role::Button))
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no tab {prefix}"));
    node.click();
    settle(h);
}

/// Whether some text node shows exactly `text`.
pub fn shows(h: &Harness<'_, GreencardApp>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

/// Whether some node's label contains `text`.
pub fn shows_part(h: &Harness<'_, GreencardApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Whether the button labelled `label` is enabled.
pub fn button_enabled(h: &Harness<'_, GreencardApp>, label: &str) -> bool {
    !h.get_by_role_and_label(Role::Button, label).accesskit_node().is_disabled()
}

/// On 人才公寓: opens the waiting list by its tab's label (`轮候（2）`), picks the first
/// applicant for allocation and chooses the unit by its label in the form's list
/// (`人才公寓一期 1栋 101 · 空置`).
pub fn start_allocation(h: &mut Harness<'_, GreencardApp>, waiting: &str, unit: &str) {
    h.get_by_label(waiting).click();
    settle(h);
    h.query_all_by_label("配租").next().unwrap().click();
    settle(h);
    h.get_by_role_and_label(Role::ComboBox, "房源").click();
    settle(h);
    h.get_by_label(unit).click();
    settle(h);
}

/// Logs in through the login screen (and waits for the password check's worker).
pub fn log_in(h: &mut Harness<'_, GreencardApp>, username: &str, password: &str) {
    type_into(h, "用户名", username);
    type_into(h, "密码", password);
    click_button(h, "登录");
    wait_for_sign_in(h);
}

/// Steps the frames until the password check running on its worker has answered.
pub fn wait_for_sign_in(h: &mut Harness<'_, GreencardApp>) {
    wait_until(h, "the password check", |h| !h.state().signing_in());
    settle(h);
}

/// The people of a small office: the administrator and one user per review step.
pub struct Office {
    /// 管理员
    pub admin: greencard::domain::Actor,
    /// 经办
    pub clerk: greencard::domain::Actor,
    /// 初审
    pub review: greencard::domain::Actor,
    /// 第三方复核
    pub recheck: greencard::domain::Actor,
    /// 管委会审定
    pub committee: greencard::domain::Actor,
}

/// The password of every office user but the administrator ([`ADMIN`]).
pub const OFFICE_PASSWORD: &str = "password-1";

/// A store (in memory, or the file `path`) with the office's users (`clerk`, `review`,
/// `recheck`, `committee`) and `talents` demo talents.
pub fn office(path: Option<&std::path::Path>, talents: usize) -> (Store, Office) {
    let mut store = match path {
        Some(p) => Store::open(p).unwrap(),
        None => Store::open_in_memory().unwrap(),
    };
    let admin = add_admin(&mut store);
    let mut make = |name: &str, role| {
        let u = store
            .create_user(
                &admin,
                &NewUser {
                    username: name.into(),
                    display_name: format!("{name}-人"),
                    role,
                    password: OFFICE_PASSWORD.into(),
                },
            )
            .unwrap();
        greencard::domain::Actor { user_id: u.id, username: u.username, display_name: u.display_name, role }
    };
    let clerk = make("clerk", UserRole::Clerk);
    let review = make("review", UserRole::FirstReviewer);
    let recheck = make("recheck", UserRole::ThirdPartyReviewer);
    let committee = make("committee", UserRole::Committee);
    let data = greencard::demo::generate(talents, 4, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
    (store, Office { admin, clerk, review, recheck, committee })
}

impl Office {
    /// Submits an application for `talent` and approves it at every step; returns its id.
    pub fn approved(&self, store: &mut Store, kind: greencard::store::ApplicationKind, talent: i64) -> i64 {
        let app = store.submit_application(&self.clerk, kind, talent, "申请").unwrap();
        for reviewer in [&self.review, &self.recheck, &self.committee] {
            store.decide_application(reviewer, app.id, greencard::domain::review::Decision::Approve, "同意").unwrap();
        }
        app.id
    }
}

/// Clears a talent's recognition end, so a card gets the full validity of the policy.
pub fn recognise_without_end(store: &mut Store, actor: &greencard::domain::Actor, talent: i64) {
    let tier = store.talent(talent).unwrap().tier;
    recognise_as(store, actor, talent, &tier);
}

/// Puts a talent in `tier`, recognised without an end.
pub fn recognise_as(store: &mut Store, actor: &greencard::domain::Actor, talent: i64, tier: &str) {
    let today = chrono::Local::now().date_naive();
    let mut input = store.talent(talent).unwrap().to_input();
    input.tier = tier.to_string();
    input.recognised_until = String::new();
    input.arrival_date = String::new();
    let tiers: Vec<_> =
        ["A", "B", "C", "D", "E"].iter().map(|t| greencard::domain::TierCode::parse(t).unwrap()).collect();
    let parsed = greencard::domain::talent::parse_talent(&input, &tiers, today).unwrap();
    store.update_talent(actor, talent, &parsed).unwrap();
}

/// What the scripted desktop was asked and did, shared with the test.
#[derive(Default)]
pub struct DesktopLog {
    /// The dialogs asked for, in order.
    pub asked: Vec<greencard::ui::file_dialog::FileRequest>,
    /// The files whose folder was opened.
    pub revealed: Vec<std::path::PathBuf>,
}

/// A desktop for UI tests: each dialog gets the next scripted answer (a path, a cancel, or
/// "no dialog could be shown"), and opening a folder is only written down.
pub struct ScriptedDesktop {
    answers: std::cell::RefCell<std::collections::VecDeque<greencard::ui::file_dialog::Picked>>,
    log: std::rc::Rc<std::cell::RefCell<DesktopLog>>,
}

impl greencard::ui::file_dialog::Desktop for ScriptedDesktop {
    fn pick(&self, request: &greencard::ui::file_dialog::FileRequest) -> greencard::ui::file_dialog::Picked {
        self.log.borrow_mut().asked.push(request.clone());
        self.answers.borrow_mut().pop_front().unwrap_or(greencard::ui::file_dialog::Picked::Cancelled)
    }

    fn reveal(&self, path: &std::path::Path) -> Result<(), greencard::domain::Message> {
        self.log.borrow_mut().revealed.push(path.to_path_buf());
        Ok(())
    }
}

/// Gives the app a scripted desktop answering its dialogs with `answers`; returns the log
/// of what it was asked.
pub fn script_desktop(
    h: &mut Harness<'_, GreencardApp>,
    answers: Vec<greencard::ui::file_dialog::Picked>,
) -> std::rc::Rc<std::cell::RefCell<DesktopLog>> {
    let log = std::rc::Rc::new(std::cell::RefCell::new(DesktopLog::default()));
    let desktop = ScriptedDesktop { answers: std::cell::RefCell::new(answers.into()), log: log.clone() };
    h.state_mut().set_desktop(Box::new(desktop));
    log
}

/// How long a UI test waits for a background worker (a password check, a list's reader,
/// an export, a backup) before it fails: generous, for a busy 2-core machine running the
/// tests in parallel. A passing test never waits this long; the waits end on the condition.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// How long to let the workers run between two looks.
const BREATHER: Duration = Duration::from_millis(10);

/// Steps frames (a worker keeps the frame repainting, so the harness never settles) until
/// `done` holds or [`PATIENCE`] ran out; returns whether it held. The first frame is stepped
/// before the first look, so input queued by a click is taken in first.
pub fn step_until<S>(h: &mut Harness<'_, S>, mut done: impl FnMut(&Harness<'_, S>) -> bool) -> bool {
    let deadline = Instant::now() + PATIENCE;
    loop {
        h.step();
        if done(h) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(BREATHER);
    }
}

/// [`step_until`], failing the test with `what` if `done` never held.
#[track_caller]
pub fn wait_until<S>(h: &mut Harness<'_, S>, what: &str, done: impl FnMut(&Harness<'_, S>) -> bool) {
    assert!(step_until(h, done), "waited {PATIENCE:?} in vain for {what}");
}

/// Runs frames until the window settles (no frame asks for the next one at once), as
/// [`Harness::run`] does, but bounded by [`PATIENCE`] instead of a count of frames: a
/// worker's spinner or moving progress bar repaints every frame until the worker answers,
/// and on a loaded machine that takes more than the harness's sixteen frames.
#[track_caller]
pub fn settle<S>(h: &mut Harness<'_, S>) {
    let deadline = Instant::now() + PATIENCE;
    while h.run_ok().is_none() {
        if Instant::now() >= deadline {
            // Once more with the harness's own diagnosis (what keeps repainting).
            h.run();
            panic!("the window never settled within {PATIENCE:?}");
        }
        std::thread::sleep(BREATHER);
    }
}

/// Clicks the button labelled `label` and runs one frame: for buttons that start a worker,
/// whose progress keeps the frame repainting (then [`Harness::run`] would never settle).
pub fn click_and_step(h: &mut Harness<'_, GreencardApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.step();
}

/// Every talent of `store` as rows of the talent list (unmasked when asked), in list order.
pub fn talent_rows(store: &Store, unmasked: bool) -> Vec<greencard::exchange::Row> {
    let maker = greencard::exchange::TalentRows::new(unmasked, greencard::i18n::Lang::Zh);
    let mut rows = Vec::new();
    store
        .for_each_talent(&greencard::store::TalentQuery::default(), |t| {
            rows.push(maker.row(&t));
            true
        })
        .unwrap();
    rows
}

/// Issues `talent` (talent 1 … of [`office`]) a card that expires in `days`: the talent is
/// recognised only until then, which caps the card.
pub fn card_expiring_in(store: &mut Store, people: &Office, talent: i64, days: u64) -> greencard::store::Card {
    let today = chrono::Local::now().date_naive();
    let mut input = store.talent(talent).unwrap().to_input();
    input.recognised_until = greencard::domain::dates::fmt_date(today + chrono::Days::new(days));
    let tiers: Vec<_> =
        ["A", "B", "C", "D", "E"].iter().map(|t| greencard::domain::TierCode::parse(t).unwrap()).collect();
    let parsed = greencard::domain::talent::parse_talent(&input, &tiers, today).unwrap();
    store.update_talent(&people.clerk, talent, &parsed).unwrap();
    let app = people.approved(store, greencard::store::ApplicationKind::Card, talent);
    store.issue_card(&people.clerk, app, today).unwrap()
}

/// Runs the real `greencard` binary on the database `db` with `args`.
pub fn greencard(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(db).args(args).output().unwrap()
}

/// A program's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An example program that `cargo test` built beside the tests (`target/<profile>/examples`).
pub fn example_exe(name: &str) -> std::path::PathBuf {
    let test = std::env::current_exe().unwrap();
    // target/<profile>/deps/<test>-… → target/<profile>/examples/<name>
    let profile = test.parent().and_then(|deps| deps.parent()).unwrap();
    let exe = profile.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        exe.exists(),
        "{} is missing: `cargo test` builds the examples (or `cargo build --example {name}`)",
        exe.display()
    );
    exe
}

/// Gives the talent in `place` (by id, from 0) a gender code the program does not know, as
/// a damaged or tampered database might: reading that talent's row fails.
pub fn damage_talent(db: &std::path::Path, place: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA ignore_check_constraints = ON").unwrap();
    let sql = "UPDATE talents SET gender = '?' WHERE id = (SELECT id FROM talents ORDER BY id LIMIT 1 OFFSET ?1)";
    assert_eq!(conn.execute(sql, [place as i64]).unwrap(), 1);
}

/// A database file that `greencard demo --talents N` filled (cards, leases and grants
/// included), in a folder of its own that lives as long as the first value.
pub fn demo_file(talents: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_greencard"))
        .arg("--db")
        .arg(&db)
        .args(["demo", "--talents", &talents.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&db).unwrap();
    (dir, store)
}

/// A SHA-256 over every row of every table of the database at `path` (in rowid order where
/// there is one): equal digests mean a write changed nothing, audit and search index included.
pub fn digest(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(tables.len() > 20, "{tables:?}");
    let mut hash = sha2::Sha256::new();
    for table in tables {
        hash.update(table.as_bytes());
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..width {
                let value: rusqlite::types::Value = row.get(i).unwrap();
                hash.update(format!("{value:?}\u{1f}").as_bytes());
            }
            hash.update(b"\n");
        }
    }
    hex::encode(hash.finalize())
}
