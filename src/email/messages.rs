//! The emails Twinwise sends, each built from the same text and HTML templates.
//!
//! A message is a [`Letter`] of [`Line`]s with a fixed subject; the only words in it that are
//! not fixed wording are [`Quote`](super::surface::Quote)s, which only the email surface
//! makes. Mail about content is built from a [`Mention`] by a function that is called twice:
//! once as the policy allows now, once allowed nothing (the fallback sent if the send-time
//! check fails).

use askama::Template;

use super::surface::{Disclosure, Line, Link, Mention, Recipient};
use super::{Guarded, OutgoingEmail};

/// The parts of a message the templates lay out.
pub struct Letter {
    /// Fixed wording: a subject never carries content.
    pub subject: &'static str,
    pub greeting: Line,
    pub paragraphs: Vec<Line>,
    /// A button (HTML) or a bare link (text): label and absolute URL.
    pub action: Option<(&'static str, Link)>,
    pub closing: Vec<Line>,
}

#[derive(Template)]
#[template(path = "email/message.txt")]
struct TextPart<'a> {
    c: &'a Letter,
}

#[derive(Template)]
#[template(path = "email/message.html")]
struct HtmlPart<'a> {
    c: &'a Letter,
    subject: &'a str,
}

/// Renders both parts of a message.
fn compose(
    dedupe_key: String,
    to: &Recipient,
    letter: &Letter,
) -> Result<OutgoingEmail, askama::Error> {
    Ok(OutgoingEmail {
        dedupe_key,
        to: to.address().to_owned(),
        subject: letter.subject.to_owned(),
        text_body: TextPart { c: letter }.render()?,
        html_body: HtmlPart {
            c: letter,
            subject: letter.subject,
        }
        .render()?,
        list_unsubscribe: None,
        guarded: None,
    })
}

/// Renders a message about content as the mention allows, with its strictest rendering and
/// the guard for the send-time check when the two differ.
fn about_content(
    dedupe_key: String,
    mention: &Mention,
    build: impl Fn(&Mention) -> Letter,
) -> Result<OutgoingEmail, askama::Error> {
    let mut email = compose(dedupe_key.clone(), mention.to(), &build(mention))?;
    if mention.disclosure() != Disclosure::STRICTEST {
        let strict = mention.strictest();
        let fallback = compose(dedupe_key, strict.to(), &build(&strict))?;
        email.guarded = Some(Guarded {
            // A guard that does not serialise reads as allowing nothing: the fallback is sent.
            guard: serde_json::to_string(&mention.guard()).unwrap_or_default(),
            subject: fallback.subject,
            text_body: fallback.text_body,
            html_body: fallback.html_body,
        });
    }
    Ok(email)
}

/// Said when a mail may not say which content it is about.
const WITHHELD: &str =
    "To protect it, this email does not say which; sign in to Twinwise to see it.";

/// Asks a new registrant to confirm their address.
pub fn verify_email(key: &str, to: &Recipient, link: Link) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("verify-email:{key}"),
        to,
        &Letter {
            subject: "Confirm your email address for Twinwise",
            greeting: to.greeting(),
            paragraphs: vec![
                Line::new(
                    "Thank you for registering with Twinwise. Please confirm that this address is yours.",
                ),
                Line::new(
                    "After you confirm, a moderator checks that you work for a city administration; we email you once your account is approved.",
                ),
            ],
            action: Some(("Confirm my email address", link)),
            closing: vec![Line::new(
                "The link works for 48 hours. If you did not register, ignore this email.",
            )],
        },
    )
}

/// Tells the holder of an address that someone tried to register it again (the registration
/// page answers the same for taken and free addresses, so the owner hears it here).
pub fn registration_attempt(
    key: &str,
    to: &Recipient,
    reset_link: Link,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("registration-attempt:{key}"),
        to,
        &Letter {
            subject: "Someone tried to register on Twinwise with your address",
            greeting: to.greeting(),
            paragraphs: vec![
                Line::new(
                    "Someone just tried to create a Twinwise account with this email address, which already has one. Nothing was changed.",
                ),
                Line::new(
                    "If it was you, sign in to your existing account instead; if you forgot the password, choose a new one.",
                ),
            ],
            action: Some(("Choose a new password", reset_link)),
            closing: vec![Line::new(
                "If it was not you, ignore this email: your account stays as it is.",
            )],
        },
    )
}

/// Tells the holder of an address that an account asked to move to it, while another account
/// already uses it (the form answers the same either way).
pub fn address_in_use(key: &str, to: &Recipient) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("address-in-use:{key}"),
        to,
        &Letter {
            subject: "Your address was entered on Twinwise",
            greeting: to.greeting(),
            paragraphs: vec![Line::new(
                "Someone signed in to Twinwise asked to use this email address for their account. It already belongs to a Twinwise account, so nothing was changed.",
            )],
            action: None,
            closing: vec![Line::new(
                "If this was you, you can sign in with this address as it is. If not, ignore this email.",
            )],
        },
    )
}

/// Tells a registrant their account is approved.
pub fn approved(
    user_id: &str,
    to: &Recipient,
    login_link: Link,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("approved:{user_id}"),
        to,
        &Letter {
            subject: "Your Twinwise account is approved",
            greeting: to.greeting(),
            paragraphs: vec![Line::new(
                "Your account has been approved. You can now sign in and take part.",
            )],
            action: Some(("Sign in to Twinwise", login_link)),
            closing: Vec::new(),
        },
    )
}

/// Tells a registrant their account was not approved.
pub fn rejected(
    user_id: &str,
    to: &Recipient,
    reason: Option<&str>,
) -> Result<OutgoingEmail, askama::Error> {
    let mut paragraphs = vec![Line::new(
        "A moderator reviewed your registration and could not approve it.",
    )];
    if let Some(reason) = reason {
        paragraphs.push(Line::new("The moderator's note: ").quote(&to.about_own_account(reason)));
    }
    paragraphs.push(Line::new(
        "Twinwise is open to staff of city administrations. If you think this was a mistake, reply to this email.",
    ));
    compose(
        format!("rejected:{user_id}"),
        to,
        &Letter {
            subject: "Your Twinwise registration",
            greeting: to.greeting(),
            paragraphs,
            action: None,
            closing: Vec::new(),
        },
    )
}

/// Sends a password-reset link.
pub fn password_reset(
    key: &str,
    to: &Recipient,
    link: Link,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("password-reset:{key}"),
        to,
        &Letter {
            subject: "Reset your Twinwise password",
            greeting: to.greeting(),
            paragraphs: vec![Line::new(
                "Someone asked to reset the password of your Twinwise account. Use the button to choose a new one.",
            )],
            action: Some(("Choose a new password", link)),
            closing: vec![
                Line::new(
                    "The link works once, for one hour. Resetting signs you out everywhere else.",
                ),
                Line::new(
                    "If you did not ask for this, ignore this email: your password stays as it is.",
                ),
            ],
        },
    )
}

/// Asks the holder of a new address to confirm an email change.
pub fn confirm_new_email(
    key: &str,
    to: &Recipient,
    link: Link,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("confirm-new-email:{key}"),
        to,
        &Letter {
            subject: "Confirm your new email address for Twinwise",
            greeting: to.greeting(),
            paragraphs: vec![Line::new(
                "You asked to use this address for your Twinwise account. Confirm it to make the change.",
            )],
            action: Some(("Confirm my new address", link)),
            closing: vec![Line::new(
                "The link works for 48 hours. Until you confirm, your old address stays in use.",
            )],
        },
    )
}

/// Tells the old address that the account's email changed.
pub fn email_changed(
    key: &str,
    to: &Recipient,
    new_email: &str,
) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("email-changed:{key}"),
        to,
        &Letter {
            subject: "Your Twinwise email address was changed",
            greeting: to.greeting(),
            paragraphs: vec![
                Line::new("Your Twinwise account now uses ")
                    .quote(&to.about_own_account(new_email))
                    .text(". Emails will no longer come to this address."),
            ],
            action: None,
            closing: vec![Line::new(
                "If you did not make this change, contact the Twinwise moderators at once.",
            )],
        },
    )
}

/// Tells an account holder that their password changed.
pub fn password_changed(key: &str, to: &Recipient) -> Result<OutgoingEmail, askama::Error> {
    compose(
        format!("password-changed:{key}"),
        to,
        &Letter {
            subject: "Your Twinwise password was changed",
            greeting: to.greeting(),
            paragraphs: vec![Line::new(
                "The password of your Twinwise account was just changed, and other sessions were signed out.",
            )],
            action: None,
            closing: vec![Line::new(
                "If you did not make this change, reset your password at once and tell the moderators.",
            )],
        },
    )
}

/// Tells an author their case was published.
pub fn case_published(case: &Mention) -> Result<OutgoingEmail, askama::Error> {
    let key = format!(
        "case-published:{}:{}",
        case.id(),
        crate::db::now().and_utc().timestamp()
    );
    about_content(key, case, |case| {
        let paragraphs = match case.title() {
            Some(title) => vec![
                Line::new("A moderator published your case “")
                    .quote(&title)
                    .text("”. Members who may read it can now find it, discuss it and mark that they faced the same."),
            ],
            None => vec![
                Line::new("A moderator published one of your cases. Members who may read it can now find it, discuss it and mark that they faced the same."),
                Line::new(WITHHELD),
            ],
        };
        Letter {
            subject: "Your case was published on Twinwise",
            greeting: case.to().greeting(),
            paragraphs,
            action: Some(case.action("Open the case", "See your cases")),
            closing: Vec::new(),
        }
    })
}

/// Tells an author their case was returned, with the moderator's reason.
pub fn case_returned(case: &Mention, reason: &str) -> Result<OutgoingEmail, askama::Error> {
    let key = format!(
        "case-returned:{}:{}",
        case.id(),
        crate::db::now().and_utc().timestamp()
    );
    about_content(key, case, |case| {
        let paragraphs = match (case.title(), case.quote(reason)) {
            (Some(title), Some(reason)) => vec![
                Line::new("A moderator returned your case “")
                    .quote(&title)
                    .text("” with this note:"),
                Line::new("").quote(&reason),
                Line::new("Edit the case and submit it again when it is ready."),
            ],
            _ => vec![
                Line::new(
                    "A moderator returned one of your cases to you with a note on what to change.",
                ),
                Line::new(WITHHELD),
                Line::new("Edit the case and submit it again when it is ready."),
            ],
        };
        Letter {
            subject: "Your case needs changes before it is published",
            greeting: case.to().greeting(),
            paragraphs,
            action: Some(case.action("Edit the case", "See your cases")),
            closing: Vec::new(),
        }
    })
}

/// Tells an author a moderator published their change to a published case.
pub fn case_change_accepted(case: &Mention) -> Result<OutgoingEmail, askama::Error> {
    let key = format!(
        "case-change-accepted:{}:{}",
        case.id(),
        crate::db::now().and_utc().timestamp()
    );
    about_content(key, case, |case| {
        let paragraphs = match case.title() {
            Some(title) => vec![
                Line::new("A moderator accepted your change to the case “")
                    .quote(&title)
                    .text("”. Its readers now see the new version."),
            ],
            None => vec![
                Line::new(
                    "A moderator accepted your change to one of your published cases. Its readers now see the new version.",
                ),
                Line::new(WITHHELD),
            ],
        };
        Letter {
            subject: "Your change to a case was accepted",
            greeting: case.to().greeting(),
            paragraphs,
            action: Some(case.action("Open the case", "See your cases")),
            closing: Vec::new(),
        }
    })
}

/// Tells an author a moderator returned their change to a published case, with the note.
pub fn case_change_returned(case: &Mention, note: &str) -> Result<OutgoingEmail, askama::Error> {
    let key = format!(
        "case-change-returned:{}:{}",
        case.id(),
        crate::db::now().and_utc().timestamp()
    );
    about_content(key, case, |case| {
        let paragraphs = match (case.title(), case.quote(note)) {
            (Some(title), Some(note)) => vec![
                Line::new("A moderator returned your change to the case “")
                    .quote(&title)
                    .text("” with this note:"),
                Line::new("").quote(&note),
                Line::new("Readers still see the published version. Edit the case to try again."),
            ],
            _ => vec![
                Line::new(
                    "A moderator returned your change to one of your published cases, with a note on what to change.",
                ),
                Line::new(WITHHELD),
                Line::new("Readers still see the published version. Edit the case to try again."),
            ],
        };
        Letter {
            subject: "Your change to a case was returned",
            greeting: case.to().greeting(),
            paragraphs,
            action: Some(case.action("Edit the case", "See your cases")),
            closing: Vec::new(),
        }
    })
}

/// Tells a member a moderator accepted their suggested edit.
pub fn suggestion_accepted(
    suggestion_id: &str,
    playbook: &Mention,
    revision: i32,
) -> Result<OutgoingEmail, askama::Error> {
    about_content(
        format!("suggestion-accepted:{suggestion_id}"),
        playbook,
        |playbook| {
            let first = match playbook.title() {
                Some(title) => {
                    Line::new("A moderator accepted your suggested edit to the playbook “")
                        .quote(&title)
                        .text("”. It is now revision ")
                        .number(revision.into())
                        .text(", credited to you.")
                }
                None => Line::new(
                    "A moderator accepted your suggested edit to a playbook, credited to you.",
                ),
            };
            let mut paragraphs = vec![first];
            if playbook.title().is_none() {
                paragraphs.push(Line::new(WITHHELD));
            }
            paragraphs.push(Line::new(
                "Thank you for helping other cities learn from it.",
            ));
            Letter {
                subject: "Your suggested edit was accepted",
                greeting: playbook.to().greeting(),
                paragraphs,
                action: Some(playbook.action("Read the playbook", "See your suggestion")),
                closing: Vec::new(),
            }
        },
    )
}

/// Tells a member a moderator rejected their suggested edit, with the moderator's note.
pub fn suggestion_rejected(
    suggestion_id: &str,
    playbook: &Mention,
    note: &str,
) -> Result<OutgoingEmail, askama::Error> {
    about_content(
        format!("suggestion-rejected:{suggestion_id}"),
        playbook,
        |playbook| {
            let paragraphs = match (playbook.title(), playbook.quote(note)) {
                (Some(title), Some(note)) => vec![
                    Line::new("A moderator did not accept your suggested edit to the playbook “")
                        .quote(&title)
                        .text("”, with this note:"),
                    Line::new("").quote(&note),
                ],
                _ => vec![
                    Line::new(
                        "A moderator did not accept your suggested edit to a playbook, and left a note on it.",
                    ),
                    Line::new(WITHHELD),
                ],
            };
            Letter {
                subject: "Your suggested edit was not accepted",
                greeting: playbook.to().greeting(),
                paragraphs,
                action: Some(playbook.action("See your suggestion", "See your suggestion")),
                closing: Vec::new(),
            }
        },
    )
}

/// Reminds a member of their city that the last day to give notice on an agreement is
/// `days_left` days away (on `deadline`); `lead_days` names the reminder, for its key.
pub fn agreement_deadline(
    agreement: &Mention,
    deadline: chrono::NaiveDate,
    days_left: i64,
    lead_days: u32,
) -> Result<OutgoingEmail, askama::Error> {
    let key = format!(
        "agreement-deadline:{}:{deadline}:{lead_days}:{}",
        agreement.id(),
        agreement.to().address()
    );
    let when = deadline.format("%-d %B %Y").to_string();
    about_content(key, agreement, |agreement| {
        let first = match (agreement.title(), agreement.quote(&when)) {
            (Some(title), Some(date)) => Line::new("The last day to give notice on “")
                .quote(&title)
                .text("” is ")
                .quote(&date)
                .text(", in ")
                .number(days_left)
                .text(" days. If your city does not give notice by then, the agreement renews."),
            _ => Line::new("The last day to give notice on one of your city's agreements is in ")
                .number(days_left)
                .text(" days. If your city does not give notice by then, the agreement renews."),
        };
        let mut paragraphs = vec![first];
        if agreement.title().is_none() {
            paragraphs.push(Line::new(WITHHELD));
        }
        paragraphs.push(Line::new(
            "Decide whether to keep it, renegotiate it or leave it, and who signs the letter.",
        ));
        Letter {
            subject: "An agreement's notice deadline is coming up",
            greeting: agreement.to().greeting(),
            paragraphs,
            action: Some(agreement.action("Open the agreement", "See the deadlines")),
            closing: vec![Line::new(
                "You receive this because you are a member of the city that owns the agreement.",
            )],
        }
    })
}
