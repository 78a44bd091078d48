//! 人才: the registry screen. The list and search, the talent form, the profile, and the
//! review of possible duplicates, as tabs and pages of one screen.

mod duplicates;
mod form;
pub mod import;
pub mod list;
mod loader;
mod profile;
mod reference;

use egui::Ui;

pub use form::{FormMode, TalentForm};
pub use profile::Profile;

use crate::domain::Message;
use crate::i18n::tr;
use crate::store::Store;
use crate::ui::{View, theme, widgets};
use form::{Choices, FormOutcome};
use profile::ProfileAction;

/// Which page of the screen is showing.
pub enum Page {
    /// The list with the search box.
    List,
    /// The form.
    Form(Box<TalentForm>),
    /// One talent's profile.
    Profile(Box<Profile>),
}

/// The tabs of the list page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// 人才名单
    #[default]
    Talents,
    /// 疑似重复
    Duplicates,
    /// 用人单位
    Employers,
    /// 开发区
    Zones,
    /// 紧缺人才目录
    Catalogue,
    /// 批量导入
    Import,
}

/// The registry screen's state.
pub struct TalentsScreen {
    /// The page on show.
    pub page: Page,
    /// The tab of the list page.
    pub tab: Tab,
    /// The add forms of the reference tabs.
    pub reference: reference::ReferenceForms,
    /// The search and the list of talents.
    pub list: list::TalentList,
    /// The import of an enterprise's sheet.
    pub import: import::ImportPanel,
}

impl Default for TalentsScreen {
    fn default() -> Self {
        TalentsScreen {
            page: Page::List,
            tab: Tab::Talents,
            reference: reference::ReferenceForms::default(),
            list: list::TalentList::default(),
            import: import::ImportPanel::default(),
        }
    }
}

impl TalentsScreen {
    /// Opens the form for a new talent.
    pub fn new_talent(&mut self) {
        self.page = Page::Form(Box::new(TalentForm::new_talent()));
    }

    /// Opens a talent's profile, read fresh from the store.
    pub fn open_profile(&mut self, store: &Store, id: i64) -> Result<(), Message> {
        self.page = Page::Profile(Box::new(Profile::load(store, id)?));
        Ok(())
    }

    /// Shows the open profile's personal data in full (after the store's audited unmask).
    pub fn show_unmasked(&mut self, id: i64, unmasked: crate::store::Unmasked) {
        if let Page::Profile(p) = &mut self.page
            && p.talent.id == id
        {
            p.unmasked = Some(unmasked);
        }
    }

    /// The id of the talent whose profile is open, if any.
    pub fn profile_id(&self) -> Option<i64> {
        match &self.page {
            Page::Profile(p) => Some(p.talent.id),
            _ => None,
        }
    }

    /// Shows a refusal of the store on the open form.
    pub fn form_error(&mut self, message: Message) {
        if let Page::Form(form) = &mut self.page {
            form.error = Some(message);
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        if ui.input_mut(|i| i.consume_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::N))) {
            self.new_talent();
        }
        let mut next: Option<Page> = None;
        match &mut self.page {
            Page::List => {
                widgets::page_heading_ui(ui, &tr(lang, "nav.talents"), &tr(lang, "section.talents.subtitle"));
                ui.horizontal(|ui| {
                    let dup = crate::i18n::tr_args(
                        lang,
                        "talents.tab_duplicates",
                        &[("n", view.cache.duplicate_count.to_string())],
                    );
                    for (tab, label) in [
                        (Tab::Talents, tr(lang, "talents.tab_list").into_owned()),
                        (Tab::Duplicates, dup),
                        (Tab::Employers, tr(lang, "talents.tab_employers").into_owned()),
                        (Tab::Zones, tr(lang, "talents.tab_zones").into_owned()),
                        (Tab::Catalogue, tr(lang, "shortage.list").into_owned()),
                        (Tab::Import, tr(lang, "import.tab").into_owned()),
                    ] {
                        if ui.selectable_label(self.tab == tab, label).clicked() {
                            self.tab = tab;
                        }
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.add(theme::primary_button(tr(lang, "talents.new"))).on_hover_text("Ctrl+N").clicked() {
                            next = Some(Page::Form(Box::new(TalentForm::new_talent())));
                        }
                    });
                });
                ui.separator();
                let cache = view.cache;
                if self.tab == Tab::Talents {
                    let tiers: Vec<String> = cache
                        .policy
                        .as_ref()
                        .map(|p| p.policy.tiers.iter().map(|t| t.code.as_str().to_string()).collect())
                        .unwrap_or_default();
                    if let list::ListAction::Open(id) =
                        self.list.ui(ui, view, store, &cache.zones, &tiers, &cache.fields)
                    {
                        next = Profile::load(store, id).ok().map(|p| Page::Profile(Box::new(p)));
                    }
                    if let Some(page) = next {
                        self.page = page;
                    }
                    return;
                }
                if self.tab == Tab::Import {
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.import.ui(ui, view, store));
                    return;
                }
                let commands = &mut *view.commands;
                let reference = &mut self.reference;
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match self.tab {
                    Tab::Talents | Tab::Import => {}
                    Tab::Duplicates => {
                        duplicates::duplicates_ui(ui, lang, &cache.duplicates, cache.duplicate_count, commands)
                    }
                    Tab::Employers => reference.employers_ui(ui, lang, &cache.zones, &cache.employers, commands),
                    Tab::Zones => reference.zones_ui(ui, lang, &cache.zones, &cache.targets, cache.year, commands),
                    Tab::Catalogue => reference.catalogue_ui(ui, lang, &cache.catalogue, cache.year, commands),
                });
            }
            Page::Form(form) => {
                let tiers: Vec<_> = view
                    .cache
                    .policy
                    .as_ref()
                    .map(|p| {
                        p.policy
                            .tiers
                            .iter()
                            .map(|t| {
                                (
                                    t.code.clone(),
                                    if lang == crate::i18n::Lang::Zh { t.name_zh.clone() } else { t.name_en.clone() },
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let choices = Choices {
                    zones: &view.cache.zones,
                    employers: &view.cache.employers,
                    tiers: &tiers,
                    fields: &view.cache.fields,
                };
                if let FormOutcome::Cancel = form.ui(ui, lang, store, &choices, view.commands) {
                    next = Some(match form.mode {
                        FormMode::Edit(id) => match Profile::load(store, id) {
                            Ok(p) => Page::Profile(Box::new(p)),
                            Err(_) => Page::List,
                        },
                        FormMode::New => Page::List,
                    });
                }
            }
            Page::Profile(profile) => {
                let can_unmask = view.cache.rights.as_ref().is_some_and(|r| r.can_unmask);
                let can_submit = view.actor.role == crate::domain::Role::Clerk;
                match profile::profile_ui(ui, lang, profile, can_submit, can_unmask) {
                    ProfileAction::None => {}
                    ProfileAction::Back => next = Some(Page::List),
                    ProfileAction::Card(command) => view.commands.push(command),
                    ProfileAction::Submit(kind, summary) => {
                        view.commands.push(crate::ui::command::Command::SubmitApplication {
                            kind,
                            talent_id: profile.talent.id,
                            summary,
                        });
                    }
                    ProfileAction::Edit => {
                        // Unmasked on the profile, the form shows the personal data too.
                        let (id, input, shown) =
                            (profile.talent.id, profile.talent.to_input(), profile.unmasked.is_some());
                        next = Some(Page::Form(Box::new(TalentForm::edit(id, input, shown))));
                    }
                }
            }
        }
        if let Some(page) = next {
            self.page = page;
        }
    }
}
