// Local mode's import worker's loader (src/import_protocol.rs starts it): the worker's
// wasm-bindgen glue, then its module — with the one-object init (Trunk's loader shim passes a
// bare path, deprecated since wasm-bindgen 0.2.93: a console warning at each start).
importScripts("./import-worker.js");
wasm_bindgen({ module_or_path: "./import-worker_bg.wasm" });
