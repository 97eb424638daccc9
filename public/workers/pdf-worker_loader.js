// The PDF worker's loader (src/pdf_protocol.rs starts it): the worker's wasm-bindgen glue, then
// its module. Written here rather than by Trunk's loader shim, which still calls the glue's
// init with a bare path — deprecated since wasm-bindgen 0.2.93, and a console warning at each
// start of the worker; the glue takes one object.
importScripts("./pdf-worker.js");
wasm_bindgen({ module_or_path: "./pdf-worker_bg.wasm" });
