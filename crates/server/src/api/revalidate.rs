//! The HTTP side of the directory's cache: its `ETag`, `If-None-Match`, and which content
//! coding a client accepts.
//!
//! The ETag is strong and names one representation: the directory's version, the view
//! (`c`entral or `l`ocal: a local administrator's body leaves central administrators' accounts
//! out, so theirs must never match a central administrator's), and the content coding
//! (`"3f2a…-c-br"`). `If-None-Match` matches the same version and view in any coding: the data
//! is the same, only the bytes on the wire differ.

use axum::http::{header, HeaderMap, HeaderValue};

use crate::directory_cache::{Coding, View};

/// The ETag of the directory at `version`, in `view`, sent in `coding`.
pub fn etag(version: &str, view: View, coding: Coding) -> HeaderValue {
    let suffix = coding.header().map(|c| format!("-{c}")).unwrap_or_default();
    HeaderValue::from_str(&format!("\"{}{suffix}\"", base(version, view))).expect("versions are hex digits")
}

/// `version-view`, what every coding's tag starts with.
fn base(version: &str, view: View) -> String {
    let view = match view {
        View::Central => 'c',
        View::Local => 'l',
    };
    format!("{version}-{view}")
}

/// Whether the request's `If-None-Match` names the directory at `version` in `view` (in any
/// coding), or is `*`: then the client's copy is current and the answer is 304.
pub fn not_modified(headers: &HeaderMap, version: &str, view: View) -> bool {
    let expected = base(version, view);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| {
            if tag == "*" {
                return true;
            }
            // A weak comparison, as RFC 9110 asks for If-None-Match.
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            let Some(opaque) = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
                return false;
            };
            let opaque = opaque
                .strip_suffix("-br")
                .or_else(|| opaque.strip_suffix("-gzip"))
                .unwrap_or(opaque);
            opaque == expected
        })
}

/// The coding to answer in: Brotli, else gzip, else none, as `Accept-Encoding` allows
/// (`q=0` refuses a coding; `*` stands for any coding not named).
pub fn coding(headers: &HeaderMap) -> Coding {
    let mut brotli = None;
    let mut gzip = None;
    let mut any = None;
    for item in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
    {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let accepted = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
        match name.as_str() {
            "br" => brotli = Some(accepted),
            "gzip" | "x-gzip" => gzip = Some(accepted),
            "*" => any = Some(accepted),
            _ => {}
        }
    }
    if brotli.or(any) == Some(true) {
        Coding::Brotli
    } else if gzip.or(any) == Some(true) {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn tags_name_version_view_and_coding() {
        assert_eq!(etag("00ff", View::Central, Coding::Identity), "\"00ff-c\"");
        assert_eq!(etag("00ff", View::Local, Coding::Brotli), "\"00ff-l-br\"");
        assert_eq!(etag("00ff", View::Local, Coding::Gzip), "\"00ff-l-gzip\"");
    }

    #[test]
    fn if_none_match_needs_the_same_version_and_view_in_any_coding() {
        let matches = |value: &str, version: &str, view: View| {
            not_modified(&headers(&[(header::IF_NONE_MATCH, value)]), version, view)
        };
        assert!(matches("\"00ff-c-br\"", "00ff", View::Central));
        assert!(matches("\"00ff-c\"", "00ff", View::Central));
        assert!(matches("W/\"00ff-c-gzip\"", "00ff", View::Central));
        assert!(matches("\"aa-c\", \"00ff-l-br\"", "00ff", View::Local));
        assert!(matches("*", "00ff", View::Local));
        assert!(
            !matches("\"00ff-c-br\"", "00ff", View::Local),
            "a central copy for a local administrator"
        );
        assert!(!matches("\"00ff-l-br\"", "00ff", View::Central));
        assert!(!matches("\"00fe-c-br\"", "00ff", View::Central));
        assert!(!matches("00ff-c", "00ff", View::Central), "unquoted");
        assert!(!not_modified(&HeaderMap::new(), "00ff", View::Central));
    }

    #[test]
    fn brotli_then_gzip_then_identity_as_accepted() {
        let coding_of = |value: &str| coding(&headers(&[(header::ACCEPT_ENCODING, value)]));
        assert_eq!(coding_of("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(coding_of("gzip, deflate"), Coding::Gzip);
        assert_eq!(coding_of("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(coding_of("GZIP"), Coding::Gzip);
        assert_eq!(coding_of("*"), Coding::Brotli);
        assert_eq!(coding_of("br;q=0, *"), Coding::Gzip);
        assert_eq!(coding_of("identity"), Coding::Identity);
        assert_eq!(coding_of("deflate, zstd"), Coding::Identity);
        assert_eq!(coding(&HeaderMap::new()), Coding::Identity);
    }
}
