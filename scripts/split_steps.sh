#!/bin/sh
# Trunk's post-build hook (Trunk.toml): splits step 3 off the page's module. Trunk builds the
# module whole; src/main.rs marks step 3 (`#[wasm_split]`) and build.rs keeps the linker's
# relocations in it. Here wasm-split-cli cuts what only step 3 reaches into
# `<module>_distribute.wasm` with its loader `<module>_split.js`, and wasm-bindgen writes the smaller
# module and its glue over Trunk's, under the same names, so index.html (and the CSP's hash of its
# inline script) stay as Trunk wrote them. Without this step the page would not start: its glue
# imports the chunk's loader.
set -eu
dir="${TRUNK_STAGING_DIR:?run by Trunk}"
command -v wasm-split-cli >/dev/null || {
    echo "scripts/split_steps.sh: wasm-split-cli is missing (cargo xtask setup installs it)" >&2
    exit 1
}
# The module Cargo built for Trunk, before wasm-bindgen: ask Cargo, as Trunk does (nothing is
# rebuilt; the profile and the feature are index.html's data-cargo-profile-release and
# data-cargo-features).
profile=dev
[ "${TRUNK_PROFILE:-debug}" = release ] && profile=app
wasm=$(cargo build --quiet --offline --target=wasm32-unknown-unknown --profile "$profile" \
    --features modules --bin sesame-app --message-format=json |
    sed -n 's/.*"filenames":\["\([^"]*\/sesame-app\.wasm\)"\].*/\1/p')
glue=$(ls "$dir"/sesame-app-*_bg.wasm)
name=$(basename "$glue" _bg.wasm)
if [ ! -f "$wasm" ] || [ -z "$name" ]; then
    echo "scripts/split_steps.sh: the page's module was not found (Cargo: '$wasm', Trunk: '$glue')" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli --out-name "$name" "$wasm" "$work"
# A split that found no split point would ship a page whose step 3 never comes: fail instead.
if [ ! -f "$work/split_distribute.wasm" ] || ! grep -q '"./split_distribute.wasm"' "$work/__wasm_split.js"; then
    echo "scripts/split_steps.sh: wasm-split-cli made no chunk for step 3" >&2
    exit 1
fi
# The chunk reaches the module's memory, function table and shared items through the linker's
# exports, which wasm-bindgen otherwise drops.
wasm-bindgen --target=web --no-typescript --remove-name-section --keep-lld-exports \
    --out-dir "$work/bindgen" --out-name "$name" "$work/$name.wasm"
# The chunk and its loader under the module's name, which Trunk's hash makes new with every
# build: a page opened before an upgrade asks for its own chunk, gets a 404 and says « reload »,
# instead of running a new chunk against its old module.
sed -e "s#\"\./split_distribute\.wasm\"#\"./${name}_distribute.wasm\"#" \
    "$work/__wasm_split.js" > "$dir/${name}_split.js"
# (Only the import: the module's own import names keep the splitter's link name.)
sed -e "s#^\(import .* from \)\"\./__wasm_split\.js\"#\1\"./${name}_split.js\"#" \
    "$work/bindgen/$name.js" > "$dir/$name.js"
if ! grep -q "\"./${name}_split.js\"" "$dir/$name.js"; then
    echo "scripts/split_steps.sh: the module's glue does not import the chunk's loader" >&2
    exit 1
fi
cp "$work/bindgen/${name}_bg.wasm" "$dir/${name}_bg.wasm"
cp "$work/split_distribute.wasm" "$dir/${name}_distribute.wasm"
# Its loader fetched with the module's glue, not a round trip after it.
sed -i -e "s#\(<link rel=\"modulepreload\" href=\"/$name\.js\"[^>]*>\)#\1<link rel=\"modulepreload\" href=\"/${name}_split.js\" crossorigin=\"anonymous\">#" \
    "$dir/index.html"
grep -q "/${name}_split.js" "$dir/index.html" || {
    echo "scripts/split_steps.sh: index.html's module link was not found" >&2
    exit 1
}
