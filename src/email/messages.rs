//! The emails Twinwise sends, each built from the same text and HTML templates.

use askama::Template;

use super::OutgoingEmail;

/// The parts of a message the templates lay out.
pub struct Content {
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// A button (HTML) or a bare link (text): label and absolute URL.
    pub action: Option<(String, String)>,
    pub closing: Vec<String>,
}

#[derive(Template)]
#[template(path = "email/message.txt")]
struct TextPart<'a> {
    c: &'a Content,
}

#[derive(Template)]
#[template(path = "email/message.html")]
struct HtmlPart<'a> {
    c: &'a Content,
    subject: &'a str,
}

/// Renders both parts of a message.
pub fn compose(
    dedupe_key: String,
    to: &str,
    subject: &str,
    content: &Content,
) -> Result<OutgoingEmail, askama::Error> {
    Ok(OutgoingEmail {
        dedupe_key,
        to: to.to_owned(),
        subject: subject.to_owned(),
        text_body: TextPart { c: content }.render()?,
        html_body: HtmlPart {
            c: content,
            subject,
        }
        .render()?,
        list_unsubscribe: None,
    })
}

fn hello(name: &str) -> String {
    format!("Hello {name},")
}

/// Asks a new registrant to confirm their address.
pub fn verify_email(
    key: &str,
    to: &str,
    name: &str,
    link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("verify-email:{key}"),
        to,
        "Confirm your email address for Twinwise",
        &Content {
            greeting: hello(name),
            paragraphs: vec![
                "Thank you for registering with Twinwise. Please confirm that this address is yours.".into(),
                "After you confirm, a moderator checks that you work for a city administration; we email you once your account is approved.".into(),
            ],
            action: Some(("Confirm my email address".into(), link.to_owned())),
            closing: vec!["The link works for 48 hours. If you did not register, ignore this email.".into()],
        },
    )
}

/// Tells a registrant their account is approved.
pub fn approved(
    user_id: &str,
    to: &str,
    name: &str,
    login_link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("approved:{user_id}"),
        to,
        "Your Twinwise account is approved",
        &Content {
            greeting: hello(name),
            paragraphs: vec![
                "Your account has been approved. You can now sign in and take part.".into(),
            ],
            action: Some(("Sign in to Twinwise".into(), login_link.to_owned())),
            closing: Vec::new(),
        },
    )
}

/// Tells a registrant their account was not approved.
pub fn rejected(
    user_id: &str,
    to: &str,
    name: &str,
    reason: Option<&str>,
) -> Result<OutgoingEmail, askama::Error> {
    let mut paragraphs =
        vec!["A moderator reviewed your registration and could not approve it.".to_owned()];
    if let Some(reason) = reason {
        paragraphs.push(format!("The moderator's note: {reason}"));
    }
    paragraphs.push(
        "Twinwise is open to staff of city administrations. If you think this was a mistake, reply to this email.".into(),
    );
    compose(
        format!("rejected:{user_id}"),
        to,
        "Your Twinwise registration",
        &Content {
            greeting: hello(name),
            paragraphs,
            action: None,
            closing: Vec::new(),
        },
    )
}

/// Sends a password-reset link.
pub fn password_reset(
    key: &str,
    to: &str,
    name: &str,
    link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("password-reset:{key}"),
        to,
        "Reset your Twinwise password",
        &Content {
            greeting: hello(name),
            paragraphs: vec!["Someone asked to reset the password of your Twinwise account. Use the button to choose a new one.".into()],
            action: Some(("Choose a new password".into(), link.to_owned())),
            closing: vec![
                "The link works once, for one hour. Resetting signs you out everywhere else.".into(),
                "If you did not ask for this, ignore this email: your password stays as it is.".into(),
            ],
        },
    )
}

/// Asks the holder of a new address to confirm an email change.
pub fn confirm_new_email(
    key: &str,
    to: &str,
    name: &str,
    link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("confirm-new-email:{key}"),
        to,
        "Confirm your new email address for Twinwise",
        &Content {
            greeting: hello(name),
            paragraphs: vec!["You asked to use this address for your Twinwise account. Confirm it to make the change.".into()],
            action: Some(("Confirm my new address".into(), link.to_owned())),
            closing: vec!["The link works for 48 hours. Until you confirm, your old address stays in use.".into()],
        },
    )
}

/// Tells the old address that the account's email changed.
pub fn email_changed(
    key: &str,
    to: &str,
    name: &str,
    new_email: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("email-changed:{key}"),
        to,
        "Your Twinwise email address was changed",
        &Content {
            greeting: hello(name),
            paragraphs: vec![format!(
                "Your Twinwise account now uses {new_email}. Emails will no longer come to this address."
            )],
            action: None,
            closing: vec![
                "If you did not make this change, contact the Twinwise moderators at once.".into(),
            ],
        },
    )
}

/// Tells an account holder that their password changed.
pub fn password_changed(key: &str, to: &str, name: &str) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("password-changed:{key}"),
        to,
        "Your Twinwise password was changed",
        &Content {
            greeting: hello(name),
            paragraphs: vec!["The password of your Twinwise account was just changed, and other sessions were signed out.".into()],
            action: None,
            closing: vec!["If you did not make this change, reset your password at once and tell the moderators.".into()],
        },
    )
}

/// Tells an author their case was published.
pub fn case_published(
    case_id: &str,
    to: &str,
    name: &str,
    title: &str,
    link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!(
            "case-published:{case_id}:{}",
            crate::db::now().and_utc().timestamp()
        ),
        to,
        "Your case was published on Twinwise",
        &Content {
            greeting: hello(name),
            paragraphs: vec![format!(
                "A moderator published your case “{title}”. Members who may read it can now find it, discuss it and mark that they faced the same."
            )],
            action: Some(("Open the case".into(), link.to_owned())),
            closing: Vec::new(),
        },
    )
}

/// Tells an author their case was returned, with the moderator's reason.
pub fn case_returned(
    case_id: &str,
    to: &str,
    name: &str,
    title: &str,
    reason: &str,
    link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!(
            "case-returned:{case_id}:{}",
            crate::db::now().and_utc().timestamp()
        ),
        to,
        "Your case needs changes before it is published",
        &Content {
            greeting: hello(name),
            paragraphs: vec![
                format!("A moderator returned your case “{title}” with this note:"),
                reason.to_owned(),
                "Edit the case and submit it again when it is ready.".into(),
            ],
            action: Some(("Edit the case".into(), link.to_owned())),
            closing: Vec::new(),
        },
    )
}

/// Tells a member a moderator accepted their suggested edit.
pub fn suggestion_accepted(
    suggestion_id: &str,
    to: &str,
    name: &str,
    playbook: &str,
    revision: i32,
    link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("suggestion-accepted:{suggestion_id}"),
        to,
        "Your suggested edit was accepted",
        &Content {
            greeting: hello(name),
            paragraphs: vec![
                format!(
                    "A moderator accepted your suggested edit to the playbook “{playbook}”. \
                     It is now revision {revision}, credited to you."
                ),
                "Thank you for helping other cities learn from it.".into(),
            ],
            action: Some(("Read the playbook".into(), link.to_owned())),
            closing: Vec::new(),
        },
    )
}

/// Tells a member a moderator rejected their suggested edit, with the moderator's note.
pub fn suggestion_rejected(
    suggestion_id: &str,
    to: &str,
    name: &str,
    playbook: &str,
    note: &str,
    link: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("suggestion-rejected:{suggestion_id}"),
        to,
        "Your suggested edit was not accepted",
        &Content {
            greeting: hello(name),
            paragraphs: vec![
                format!(
                    "A moderator did not accept your suggested edit to the playbook “{playbook}”, \
                     with this note:"
                ),
                note.to_owned(),
            ],
            action: Some(("See your suggestion".into(), link.to_owned())),
            closing: Vec::new(),
        },
    )
}
