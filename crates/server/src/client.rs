//! Who is asking, and over what: the client's address and whether it came over HTTPS, for the
//! rate limiter, the cookie's flags and HSTS.
//!
//! Behind a reverse proxy every request comes from the proxy's address, so the client's is in
//! `X-Forwarded-For` and the scheme in `X-Forwarded-Proto`. Anyone can send those headers, so
//! they are believed only when the connection comes from an address of `SESAME_TRUSTED_PROXIES`
//! ([`TrustedProxies`]). Then the client is the rightmost address of `X-Forwarded-For` that is
//! not itself a trusted proxy (each proxy appends the address it saw; what the client wrote
//! itself is further left and never believed).
//!
//! [`identify`] computes a [`Client`] once per request and puts it in the request's extensions;
//! handlers take it as an extractor. It also adds `Strict-Transport-Security` to answers given
//! over HTTPS, since only here is it known how the request arrived.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// HSTS for a year: once a browser has reached Sésame over HTTPS it never tries plain HTTP.
/// No `includeSubDomains`: the operator's other hosts are not Sésame's to decide.
const HSTS: &str = "max-age=31536000";

/// The client of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Client {
    /// `None` when the server runs without connection info (tests through `oneshot`).
    pub ip: Option<IpAddr>,
    /// Served over TLS: `--secure-cookies`, or `X-Forwarded-Proto: https` from a trusted proxy.
    pub https: bool,
}

impl Client {
    /// The address as the log writes it: `203.0.113.7` (`unknown` without connection info).
    pub fn address(&self) -> Address {
        Address(self.ip)
    }
}

/// A client's address in the log ([`Client::address`]).
#[derive(Debug, Clone, Copy)]
pub struct Address(Option<IpAddr>);

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(ip) => write!(f, "{ip}"),
            None => f.write_str("unknown"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Client>().copied().unwrap_or_default())
    }
}

/// What [`identify`] needs of the server's settings.
#[derive(Debug, Clone, Default)]
pub struct Identification {
    /// Proxies whose `X-Forwarded-*` headers are believed.
    pub trusted_proxies: std::sync::Arc<TrustedProxies>,
    /// Served over TLS whatever the headers say (`--secure-cookies`).
    pub secure_cookies: bool,
}

/// Middleware: works out the [`Client`] of the request, and adds HSTS to HTTPS answers.
pub async fn identify(State(state): State<Identification>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    let client = state
        .trusted_proxies
        .client(peer, request.headers(), state.secure_cookies);
    request.extensions_mut().insert(client);
    let mut response = next.run(request).await;
    if client.https {
        response
            .headers_mut()
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// One address or network (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, what a dual-stack socket reports) is the
/// IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The proxies whose forwarding headers are believed (`SESAME_TRUSTED_PROXIES`): addresses or
/// networks, separated by commas or spaces. Empty by default: no header is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut networks = Vec::new();
        for item in text.split([',', ' ', '\t', '\n']).filter(|s| !s.is_empty()) {
            let (address, prefix) = match item.split_once('/') {
                Some((a, p)) => (a, Some(p)),
                None => (item, None),
            };
            let bad = || {
                format!(
                    "bad SESAME_TRUSTED_PROXIES entry {item:?}: give addresses or networks, \
                     e.g. \"127.0.0.1, 10.0.0.0/8, ::1\""
                )
            };
            let address = canonical(address.parse::<IpAddr>().map_err(|_| bad())?);
            let max = if address.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
                None => max,
            };
            networks.push(Network { address, prefix });
        }
        Ok(TrustedProxies(networks))
    }
}

impl TrustedProxies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client of a request that came from `peer` with `headers`; `always_https` when the
    /// server is known to be served over TLS whatever the headers say.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap, always_https: bool) -> Client {
        let Some(peer) = peer.map(canonical) else {
            return Client {
                ip: None,
                https: always_https,
            };
        };
        if !self.trusts(peer) {
            return Client {
                ip: Some(peer),
                https: always_https,
            };
        }
        let forwarded_https = first_value(headers, "x-forwarded-proto")
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https"));
        Client {
            ip: Some(self.forwarded_for(peer, headers)),
            https: always_https || forwarded_https,
        }
    }

    /// The rightmost address of `X-Forwarded-For` that is not a trusted proxy; `peer` when the
    /// header is absent; the last trusted hop when an entry cannot be read (a client's own
    /// invention: the proxies write addresses).
    fn forwarded_for(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// An address as proxies write it: `203.0.113.7`, `203.0.113.7:5123`, `2001:db8::1`,
/// `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(canonical)
}

/// The leftmost value of a header that may be a comma-separated list (the scheme the client used
/// with the first proxy).
fn first_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()?.split(',').next().map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    /// One `X-Forwarded-For` header per value, in order, as a chain of proxies adds them.
    fn forwarded_for(values: &[&str]) -> HeaderMap {
        let pairs: Vec<(&'static str, &str)> = values.iter().map(|v| ("x-forwarded-for", *v)).collect();
        headers(&pairs)
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    /// The client expected at `address`, over TLS or not.
    fn seen_as(address: &str, https: bool) -> Client {
        Client {
            ip: ip(address),
            https,
        }
    }

    #[test]
    fn the_log_writes_the_address_itself() {
        let client = |ip| Client { ip, https: false };
        assert_eq!(client(ip("127.0.0.5")).address().to_string(), "127.0.0.5");
        assert_eq!(client(ip("2001:db8::1")).address().to_string(), "2001:db8::1");
        assert_eq!(client(None).address().to_string(), "unknown");
    }

    #[test]
    fn parses_addresses_and_networks_and_names_a_bad_entry() {
        let trusted: TrustedProxies = "127.0.0.1, 10.0.0.0/8 ::1\n fd00::/8".parse().unwrap();
        assert!(trusted.trusts("10.200.3.4".parse().unwrap()));
        assert!(trusted.trusts("::ffff:10.0.0.1".parse().unwrap()));
        assert!(trusted.trusts("fd12::5".parse().unwrap()));
        assert!(!trusted.trusts("11.0.0.1".parse().unwrap()));
        assert!(!trusted.trusts("::2".parse().unwrap()));
        for bad in ["10.0.0.0/33", "localhost", "10.0.0.1/", "::1/129"] {
            let error = bad.parse::<TrustedProxies>().unwrap_err();
            assert!(error.contains(bad), "{error}");
        }
        assert!("".parse::<TrustedProxies>().unwrap().is_empty());
        assert!("0.0.0.0/0"
            .parse::<TrustedProxies>()
            .unwrap()
            .trusts("1.2.3.4".parse().unwrap()));
    }

    #[test]
    fn headers_are_believed_only_from_a_trusted_peer() {
        let trusted: TrustedProxies = "10.0.0.1".parse().unwrap();
        let forged = headers(&[
            ("x-forwarded-for", "198.51.100.9"),
            ("x-forwarded-proto", "https"),
        ]);
        let direct = trusted.client(ip("203.0.113.5"), &forged, false);
        assert_eq!(direct, seen_as("203.0.113.5", false));
        let proxied = trusted.client(ip("10.0.0.1"), &forged, false);
        assert_eq!(proxied, seen_as("198.51.100.9", true));
        let none = TrustedProxies::default().client(ip("10.0.0.1"), &forged, true);
        assert_eq!(none, seen_as("10.0.0.1", true));
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let chain = forwarded_for(&["6.6.6.6, 198.51.100.9", "10.1.1.1:3456"]);
        // 6.6.6.6 is what the client claimed; 198.51.100.9 is what the first proxy saw.
        assert_eq!(
            trusted.client(ip("10.0.0.2"), &chain, false).ip,
            ip("198.51.100.9")
        );
        let garbage = forwarded_for(&["not-an-address, 10.1.1.1"]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &garbage, false).ip, ip("10.1.1.1"));
        let v6 = forwarded_for(&["[2001:db8::7]:443"]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &v6, false).ip, ip("2001:db8::7"));
        assert_eq!(
            trusted.client(ip("10.0.0.2"), &HeaderMap::new(), false).ip,
            ip("10.0.0.2")
        );
        assert_eq!(trusted.client(None, &chain, false), Client::default());
    }
}
