// The whole app's loader (crates/core/src/app_module.rs): whole.html, or the steps module handing
// a page over, loads the module's wasm-bindgen glue (sesame-whole.js, `no-modules`: it defines
// `wasm_bindgen`) and then this, which starts the module with the one-object init.
wasm_bindgen({ module_or_path: "/sesame-whole_bg.wasm" });
