//! The static files, compiled into the binary. Each is served under a name that carries a
//! hash of its content, so that browsers may keep it for a year: a changed file gets a new
//! address, and pages always link the current one.

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// One static file.
pub struct Asset {
    /// The address pages link, e.g. `/static/app.3f2a9c1d04be.css`.
    pub href: String,
    /// The strong validator, quoted as HTTP wants it.
    pub etag: String,
    pub body: &'static str,
    pub content_type: &'static str,
}

impl Asset {
    fn new(stem: &str, extension: &str, body: &'static str, content_type: &'static str) -> Self {
        let digest = Sha256::digest(body.as_bytes());
        let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        Asset {
            href: format!("/static/{stem}.{hash}.{extension}"),
            etag: format!("\"{hash}\""),
            body,
            content_type,
        }
    }
}

/// The stylesheet.
pub static CSS: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "app",
        "css",
        include_str!("../../static/app.css"),
        "text/css; charset=utf-8",
    )
});

/// The icon.
pub static FAVICON: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "favicon",
        "svg",
        include_str!("../../static/favicon.svg"),
        "image/svg+xml",
    )
});

/// The file served at a hashed address, if any.
pub fn by_href(path: &str) -> Option<&'static Asset> {
    [&*CSS, &*FAVICON].into_iter().find(|a| a.href == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_carry_the_content_hash() {
        assert!(CSS.href.starts_with("/static/app.") && CSS.href.ends_with(".css"));
        assert_eq!(CSS.href.len(), "/static/app.".len() + 12 + ".css".len());
        assert!(by_href(&CSS.href).is_some());
        assert!(by_href("/static/app.000000000000.css").is_none());
        assert_ne!(CSS.etag, FAVICON.etag);
    }
}
