//! Who the client is: the socket peer, unless that peer is a configured reverse proxy, in
//! which case the proxies' `Forwarded` (RFC 7239) or `X-Forwarded-For` header names it.
//! Headers from anyone else are ignored, so a client cannot pick its own rate-limit bucket.

use std::net::{IpAddr, SocketAddr};

use actix_web::HttpRequest;
use actix_web::http::header::{self, HeaderMap};
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address, for rate limits and the audit log.
pub fn client_ip(req: &HttpRequest) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".to_owned();
    };
    let trusted = AppState::of(req)
        .map(|state| state.settings.trusted_proxies.clone())
        .unwrap_or_default();
    client_address(peer, req.headers(), &trusted).to_string()
}

/// Walks the chain of addresses from the nearest hop outwards and returns the first one that
/// is not a trusted proxy. An entry that cannot be read ends the walk at the last trusted hop.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_chain(headers).iter().rev() {
        match hop {
            Some(ip) if is_trusted(ip) => client = *ip,
            Some(ip) => return *ip,
            None => return client,
        }
    }
    client
}

/// The addresses the proxies recorded, client first; `None` for an entry that is not an
/// address (`unknown`, an obfuscated name, garbage). `Forwarded` wins over `X-Forwarded-For`.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name| {
        headers
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>()
    };
    let forwarded = values(header::FORWARDED);
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(key, _)| key.eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| parse_node(value.trim_matches('"')))
            })
            .collect();
    }
    values(header::X_FORWARDED_FOR)
        .iter()
        .map(|entry| parse_node(entry))
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_node(node: &str) -> Option<IpAddr> {
    node.parse::<IpAddr>()
        .ok()
        .or_else(|| node.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            node.strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|inner| inner.parse().ok())
        })
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let sent = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(
            client_address(ip("203.0.113.9"), &sent, &[]),
            ip("203.0.113.9")
        );
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        assert_eq!(
            client_address(ip("203.0.113.9"), &sent, &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_spoofed_entries_to_its_left_do_not_count() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        // The client sent a made-up 6.6.6.6; the proxy appended the address it really saw.
        let sent = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.2")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted),
            ip("198.51.100.7")
        );
        let sent = headers(&[("forwarded", r#"for="[2001:db8::17]:4711";proto=https"#)]);
        assert_eq!(
            client_address(ip("::1"), &sent, &trusted),
            ip("2001:db8::17")
        );
        let sent = headers(&[("forwarded", "for=192.0.2.60:80, for=10.1.1.1")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted),
            ip("192.0.2.60")
        );
    }

    #[test]
    fn unreadable_entries_stop_at_the_last_trusted_hop() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        let sent = headers(&[("x-forwarded-for", "<script>, 10.0.0.3")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted),
            ip("10.0.0.3")
        );
        let sent = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted),
            ip("10.0.0.1")
        );
        let none = headers(&[]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &none, &trusted),
            ip("10.0.0.1")
        );
    }
}
