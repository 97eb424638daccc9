//! Build script of the app's package: only a linker argument for the page's module.
//!
//! `scripts/split_steps.sh` (a Trunk hook) splits step 3 off the page's WebAssembly module
//! (`sesame-app`). Its splitter follows the linker's relocations to know which code and data
//! each part reaches, so that module's link keeps them (`--emit-relocs`); wasm-bindgen and the
//! splitter drop them from what is served. Only that binary: the other modules and every
//! library keep their usual link and build.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=sesame-app=--emit-relocs");
    }
}
