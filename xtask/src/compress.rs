//! Precompression of the built app: a Brotli (`.br`) and a gzip (`.gz`) copy beside
//! every file of `dist/` that compresses, which `sesame serve` sends to browsers that accept them
//! (tower-http's `ServeDir::precompressed_br/gzip`) with the right `Content-Encoding`.
//!
//! Done once at build time at the highest settings (Brotli quality 11, gzip level 9), which would
//! be far too slow per request: the page's module goes from about 1 MB to a third of that.
//! Copies are written only when they save something, and copies left from an earlier build
//! whose file is gone are removed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::run::Result;

/// Extensions of files worth compressing (text, WebAssembly, fonts); images and archives are
/// already compressed.
const COMPRESSIBLE: [&str; 12] = [
    "html", "js", "mjs", "css", "wasm", "json", "svg", "txt", "ttf", "otf", "map", "xml",
];

/// A copy is kept only when it is smaller than this share of the file.
const WORTH_IT: f64 = 0.95;

/// What was done for one file: its size, and the sizes of the copies kept.
#[derive(Debug)]
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    pub gzip: Option<u64>,
    pub brotli: Option<u64>,
}

/// Writes `FILE.br` and `FILE.gz` beside every compressible file under `dist`, the files shared
/// among the machine's cores (Brotli at quality 11 takes seconds per megabyte, and the build
/// is otherwise waiting for it).
pub fn precompress(dist: &Path) -> Result<Vec<Compressed>> {
    let mut files = Vec::new();
    walk(dist, &mut files)?;
    files.sort();
    let mut todo = Vec::new();
    for path in files {
        let name = path.to_string_lossy();
        if let Some(source) = name.strip_suffix(".br").or_else(|| name.strip_suffix(".gz")) {
            // A copy from an earlier build whose file is gone.
            if !Path::new(source).is_file() {
                remove(&path)?;
            }
            continue;
        }
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e.to_ascii_lowercase().as_str()));
        if compressible {
            todo.push(path);
        }
    }
    let next = AtomicUsize::new(0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut done: Vec<(usize, Result<Compressed>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores.min(todo.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = todo.get(i) else { break mine };
                        mine.push((i, compress(path)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a compression thread panicked"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, c)| c).collect()
}

/// Both copies of one file.
fn compress(path: &Path) -> Result<Compressed> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let gzip = keep_if_smaller(path, "gz", &bytes, gzip(&bytes)?)?;
    let brotli = keep_if_smaller(path, "br", &bytes, brotli(&bytes)?)?;
    Ok(Compressed {
        path: path.to_owned(),
        raw: bytes.len() as u64,
        gzip,
        brotli,
    })
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Writes `compressed` as `path.ext` when it saves enough, else removes an older copy; returns
/// the size kept.
fn keep_if_smaller(path: &Path, ext: &str, original: &[u8], compressed: Vec<u8>) -> Result<Option<u64>> {
    let copy = PathBuf::from(format!("{}.{ext}", path.display()));
    if (compressed.len() as f64) < original.len() as f64 * WORTH_IT {
        std::fs::write(&copy, &compressed).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
        Ok(Some(compressed.len() as u64))
    } else {
        remove(&copy)?;
        Ok(None)
    }
}

fn remove(path: &Path) -> Result {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    }
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The sizes, as a browser downloads each file.
pub fn print_sizes(done: &[Compressed], dist: &Path) {
    eprintln!("dist sizes (raw, gzip -9, brotli 11 — the copies sesame serves):");
    let size = |s: Option<u64>| s.map_or_else(|| "-".to_owned(), |s| s.to_string());
    for file in done {
        let name = file.path.strip_prefix(dist).unwrap_or(&file.path).display();
        eprintln!(
            "  {name:<40} {:>9} B {:>9} B gz {:>9} B br",
            file.raw,
            size(file.gzip),
            size(file.brotli)
        );
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn copies_decode_to_the_file_and_stale_or_useless_ones_go() {
        let dir = tempfile_dir();
        let js = "export function f() { return 'Sésame'; }\n".repeat(200);
        std::fs::write(dir.join("app.js"), &js).unwrap();
        std::fs::create_dir(dir.join("fonts")).unwrap();
        std::fs::write(dir.join("fonts/a.ttf"), vec![7u8; 5000]).unwrap();
        // Already compressed: no copy.
        std::fs::write(dir.join("tiny.json"), "{}").unwrap();
        std::fs::write(dir.join("photo.png"), vec![1u8; 5000]).unwrap();
        std::fs::write(dir.join("gone.js.br"), "stale").unwrap();
        std::fs::write(dir.join("tiny.json.gz"), "older copy").unwrap();

        let done = precompress(&dir).unwrap();
        assert_eq!(done.len(), 3, "{done:?}");
        let mut gz = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("app.js.gz")).unwrap())
            .read_to_end(&mut gz)
            .unwrap();
        assert_eq!(gz, js.as_bytes());
        let mut br = Vec::new();
        brotli::Decompressor::new(std::fs::File::open(dir.join("app.js.br")).unwrap(), 4096)
            .read_to_end(&mut br)
            .unwrap();
        assert_eq!(br, js.as_bytes());
        assert!(dir.join("fonts/a.ttf.br").is_file(), "folders too");
        assert!(!dir.join("gone.js.br").exists(), "a copy without its file");
        assert!(!dir.join("tiny.json.gz").exists(), "a copy that saves nothing");
        assert!(!dir.join("photo.png.br").exists(), "images are left alone");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
