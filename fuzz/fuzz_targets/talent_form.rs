//! Fuzz target `talent_form`: see `fuzz/entries.rs`.
#![no_main]

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::talent_form(data));
