//! Rebuild when the locale files change: rust-i18n reads them at compile time but does
//! not tell cargo about them.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
