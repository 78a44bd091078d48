//! The layers of ../shared/STYLE.md, kept by a test: no egui below the UI, no SQL above the
//! store.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            out.push((path.display().to_string(), text));
        }
    }
}

#[test]
fn domain_and_store_do_not_know_egui_and_ui_does_not_know_sql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut below = Vec::new();
    for layer in ["domain", "store", "exchange"] {
        sources(&root.join(layer), &mut below);
    }
    assert!(!below.is_empty());
    for (path, text) in &below {
        for word in ["egui::", "eframe::", "egui_extras::"] {
            assert!(!text.contains(word), "{path} uses {word}");
        }
    }
    let mut domain = Vec::new();
    sources(&root.join("domain"), &mut domain);
    for (path, text) in &domain {
        for word in ["rusqlite", "std::fs", "std::net"] {
            assert!(!text.contains(word), "{path} uses {word}");
        }
    }
    // SQL lives in src/store only: the UI, the CLI, the demo generator and the rest never
    // touch a connection.
    let mut above = Vec::new();
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "store") {
            continue;
        }
        if path.is_dir() {
            sources(&path, &mut above);
        } else if path.extension().is_some_and(|e| e == "rs") {
            above.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap_or_default()));
        }
    }
    assert!(above.iter().any(|(p, _)| p.contains("ui")));
    for (path, text) in &above {
        for word in
            ["rusqlite", "Connection", ".execute(", ".prepare(", "prepare_cached(", "query_row(", "execute_batch("]
        {
            assert!(!text.contains(word), "{path} uses {word}");
        }
    }
}

/// Every store write on behalf of a user reads their rights again inside its transaction
/// (`write_as`): a facade function that takes an actor never opens a bare transaction.
#[test]
fn every_write_by_a_user_reads_their_rights_again() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("store");
    let mut store = Vec::new();
    sources(&root, &mut store);
    let mut checked = 0;
    for (path, text) in &store {
        for function in text.split("pub fn ").skip(1) {
            let signature = function.split('{').next().unwrap_or_default();
            // The body runs until the next item at the indentation of an impl's methods.
            let body = function.split("\n    }\n").next().unwrap_or_default();
            if signature.contains("actor: &Actor") && (body.contains(".write()?") || body.contains(".transaction()")) {
                let name = signature.split('(').next().unwrap_or_default();
                panic!("{path}: `{name}` writes for an actor without `write_as`");
            }
            checked += usize::from(signature.contains("actor: &Actor"));
        }
    }
    assert!(checked > 40, "{checked} writes found");
}

/// The window's background readers keep the session's zone scope: they are opened with
/// `Store::open_reader` or `Store::reader_opener` (which copy it), never with a bare `Store::open_read_only`.
#[test]
fn the_window_opens_readers_only_with_the_sessions_scope() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("ui");
    let mut ui = Vec::new();
    sources(&root, &mut ui);
    assert!(ui.len() > 20);
    for (path, text) in &ui {
        // A backup copies the whole file, page by page: no list a scope could narrow.
        if path.ends_with("backup_job.rs") {
            continue;
        }
        assert!(!text.contains("open_read_only("), "{path} opens a reader without the session's scope");
    }
}
