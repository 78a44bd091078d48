//! Frame figures of the talents screen: CPU per headless frame at 1920×1080 (layout and
//! tessellation included, no GPU), the first frame after opening the database, and the
//! memory held with the talents screen showing.

use std::path::Path;
use std::time::{Duration, Instant};

use greencard::i18n::Lang;
use greencard::store::Store;
use greencard::ui::talents::list::TalentList;
use greencard::ui::theme::{self, ThemeChoice};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The lists the list's filters offer.
struct Choices {
    zones: Vec<greencard::store::Zone>,
    tiers: Vec<String>,
    fields: Vec<String>,
}

fn choices(store: &Store) -> anyhow::Result<Choices> {
    let today = chrono::Local::now().date_naive();
    let tiers = store.policy_in_force(today)?.policy.tiers.iter().map(|t| t.code.as_str().to_string()).collect();
    let fields = greencard::domain::talent::DEFAULT_FIELDS.iter().map(|f| f.to_string()).collect();
    Ok(Choices { zones: store.zones()?, tiers, fields })
}

fn context() -> egui::Context {
    let ctx = egui::Context::default();
    greencard::ui::fonts::install(&ctx);
    theme::apply(&ctx, ThemeChoice::Light);
    ctx
}

/// One frame of the list; returns the CPU time it took.
fn frame(ctx: &egui::Context, list: &mut TalentList, store: &Store, c: &Choices, events: Vec<egui::Event>) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1920.0, 1080.0))),
        events,
        ..Default::default()
    };
    let started = Instant::now();
    // The clerk looking at the list (nothing is written: the commands are dropped).
    let actor = greencard::domain::Actor {
        user_id: 0,
        username: "bench".into(),
        display_name: "bench".into(),
        role: greencard::domain::Role::Clerk,
    };
    let cache = greencard::ui::Cache::default();
    let mut commands = Vec::new();
    let mut output = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            let mut view = greencard::ui::View {
                lang: Lang::Zh,
                actor: &actor,
                theme: ThemeChoice::Light,
                cache: &cache,
                commands: &mut commands,
                // Nothing is clicked: no dialog is ever asked for.
                desktop: &greencard::ui::file_dialog::NativeDesktop,
            };
            list.ui(ui, &mut view, store, &c.zones, &c.tiers, &c.fields);
        });
    });
    let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
    std::hint::black_box(primitives);
    // No GPU takes the font atlas: dropped on purpose (egui asks that this be said).
    output.textures_delta.clear();
    started.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Resident memory of this process in MB (Linux), if it can be read.
fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Prints the frame figures for the database at `path`.
pub fn figures(path: &Path, runs: usize, seed: u64, figure: &dyn Fn(&str, &[f64], &str)) -> anyhow::Result<()> {
    // Cold open: the database opened and the first frame of the talents screen finished.
    let started = Instant::now();
    let store = Store::open(path)?;
    let c = choices(&store)?;
    let ctx = context();
    let mut list = TalentList::default();
    // The first frame that shows rows: the count and the first rows come from the
    // background reader.
    while !list.has_row(0) && started.elapsed() < Duration::from_secs(30) {
        frame(&ctx, &mut list, &store, &c, Vec::new());
        std::thread::sleep(Duration::from_micros(200));
    }
    frame(&ctx, &mut list, &store, &c, Vec::new());
    figure("cold_open_first_frame", &[ms(started.elapsed())], "ms");

    for _ in 0..10 {
        frame(&ctx, &mut list, &store, &c, Vec::new());
    }
    let stat: Vec<f64> = (0..runs).map(|_| ms(frame(&ctx, &mut list, &store, &c, Vec::new()))).collect();
    figure("talents_frame_static", &stat, "ms");

    let over_table = egui::Event::PointerMoved(egui::pos2(900.0, 600.0));
    let scroll: Vec<f64> = (0..runs)
        .map(|_| {
            let wheel = egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -120.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            };
            ms(frame(&ctx, &mut list, &store, &c, vec![over_table.clone(), wheel]))
        })
        .collect();
    figure("talents_frame_scroll", &scroll, "ms");

    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x00F4_A3E5);
    let total = list.total().max(1);
    let mut jumps = Vec::with_capacity(runs);
    let mut ready = Vec::with_capacity(runs);
    for _ in 0..runs {
        let row = rng.random_range(0..total);
        list.jump_to(row);
        let asked = Instant::now();
        jumps.push(ms(frame(&ctx, &mut list, &store, &c, Vec::new())));
        // The following frames show the rows as soon as the reader has them.
        while !list.has_row(row) && asked.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_micros(200));
            frame(&ctx, &mut list, &store, &c, Vec::new());
        }
        ready.push(ms(asked.elapsed()));
    }
    figure("talents_frame_page_jump", &jumps, "ms");
    figure("talents_page_jump_rows_ready", &ready, "ms");

    if let Some(mb) = rss_mb() {
        figure("rss_after_open", &[mb], "MB");
    }
    Ok(())
}
