//! Where flash messages travel: a signed cookie, `Secure` only when the site is served over
//! https (like the session cookie). The crate's cookie store always marks it `Secure`, which
//! browsers drop on plain http at any address but localhost, losing every message.

use actix_web::HttpRequest;
use actix_web::cookie::Cookie;
use actix_web::dev::ResponseHead;
use actix_web::http::header::{self, HeaderValue};
use actix_web_flash_messages::FlashMessage;
use actix_web_flash_messages::storage::{
    CookieMessageStore, FlashMessageStore, LoadError, StoreError,
};

/// The cookie store, with `Secure` following the site's scheme.
pub struct FlashCookies {
    inner: CookieMessageStore,
    name: String,
    https: bool,
}

impl FlashCookies {
    /// Signs with `key`; `https` as in [`crate::config::Settings::is_https`].
    pub fn new(key: actix_web::cookie::Key, name: &str, https: bool) -> Self {
        FlashCookies {
            inner: CookieMessageStore::builder(key)
                .cookie_name(name.to_owned())
                .build(),
            name: name.to_owned(),
            https,
        }
    }
}

impl FlashMessageStore for FlashCookies {
    fn load(&self, request: &HttpRequest) -> Result<Vec<FlashMessage>, LoadError> {
        self.inner.load(request)
    }

    fn store(
        &self,
        messages: &[FlashMessage],
        request: HttpRequest,
        response: &mut ResponseHead,
    ) -> Result<(), StoreError> {
        self.inner.store(messages, request, response)?;
        if self.https {
            return Ok(());
        }
        let headers = response.headers_mut();
        let lines: Vec<HeaderValue> = headers.get_all(header::SET_COOKIE).cloned().collect();
        headers.remove(header::SET_COOKIE);
        for line in lines {
            let rewritten = line
                .to_str()
                .ok()
                .and_then(|text| Cookie::parse(text.to_owned()).ok())
                .filter(|cookie| cookie.name() == self.name)
                .and_then(|mut cookie| {
                    cookie.set_secure(false);
                    HeaderValue::from_str(&cookie.to_string()).ok()
                });
            headers.append(header::SET_COOKIE, rewritten.unwrap_or(line));
        }
        Ok(())
    }
}
