//! A "known device" cookie: after a successful sign-in the browser keeps an encrypted note of the
//! account. Sign-in attempts carrying it are exempt from the per-account failure limit, so an
//! attacker who hammers an account cannot lock its owner out of their usual browser.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, CookieJar, Key, SameSite, time::Duration};

const COOKIE: &str = "tw_device";

/// The encrypted cookie naming the account (its email) this browser signed in to.
pub fn cookie(key: &Key, email: &str, secure: bool) -> Cookie<'static> {
    let mut jar = CookieJar::new();
    let plain = Cookie::build(COOKIE, email.to_owned())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365))
        .finish();
    jar.private_mut(key).add(plain);
    jar.get(COOKIE)
        .cloned()
        .unwrap_or_else(|| Cookie::new(COOKIE, ""))
}

/// The account this browser is known for, when its cookie decrypts.
pub fn known_account(req: &HttpRequest, key: &Key) -> Option<String> {
    let sent = req.cookie(COOKIE)?;
    let mut jar = CookieJar::new();
    jar.add_original(sent);
    jar.private(key).get(COOKIE).map(|c| c.value().to_owned())
}
