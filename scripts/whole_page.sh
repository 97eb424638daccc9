#!/bin/sh
# Trunk's post-build hook (Trunk.toml): writes whole.html and local.html into the build, from the
# index.html Trunk just wrote — the same page, loading the whole app's module instead of the
# steps' (crates/core/src/app_module.rs). Trunk's inline module script and the steps module's
# preloads go; the whole app's module is preloaded and its glue and loader added as plain
# scripts of this origin (no inline script: the CSP allows the index's one by its hash).
set -eu
dir="${TRUNK_STAGING_DIR:?run by Trunk}"
sed \
    -e '/<script type="module">/,/<\/script>/d' \
    -e 's#<link rel="modulepreload" href="/sesame-app-[^"]*"[^>]*>##g' \
    -e 's#<link rel="preload" href="/sesame-app-[^"]*_bg\.wasm"[^>]*>#<link rel="preload" href="/sesame-whole_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm"><script defer src="/sesame-whole.js"></script><script defer src="/sesame-whole_loader.js"></script>#' \
    "$dir/index.html" > "$dir/whole.html"
# Trunk's output changing shape must fail the build, not ship a page that loads nothing.
if ! grep -q 'sesame-whole_loader.js' "$dir/whole.html" || grep -q '<script type="module">' "$dir/whole.html"; then
    echo "scripts/whole_page.sh: index.html's module links were not found; whole.html not made" >&2
    exit 1
fi
cp "$dir/whole.html" "$dir/local.html"
