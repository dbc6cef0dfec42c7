//! Email is a surface, and the least trusted one: a message crosses servers Twinwise does not
//! control. This module is the one place that decides what a message may say about content.
//!
//! - A message is made of [`Line`]s: fixed wording (`&'static str`), numbers and [`Quote`]s.
//!   No `Line` is made from a `String`, and subjects are fixed wording, so the only way a word
//!   of a title, a note or a place gets into a message is a `Quote`.
//! - A `Quote` is made only here: by a [`Mention`] of a case or playbook, which asks the policy
//!   about the content's level, audience and anonymity and the recipient, or by the
//!   [`Recipient`] for what concerns their own account (their name, their addresses, a note on
//!   their registration), which carries no TLP level.
//! - Content above TLP:GREEN, content the recipient may not read, and anonymised cases mailed
//!   to their author (whose address says which city reported it) are never quoted: the mail
//!   names the kind of event and links to the page. For an anonymised case, the page link is
//!   the author's account page, because the case's own address (readable by anyone at
//!   TLP:CLEAR) would tie the case to the recipient. A playbook's page address carries its
//!   slug, which is words of the content, so a withheld playbook mail links by opaque id.
//! - The decision is made again when the message is sent ([`checked_for_sending`]): every
//!   content message is queued with the strictest rendering as a fallback and a [`Guard`]
//!   naming the content and the recipient; if the policy now allows less than the queued
//!   rendering says (the level was raised, the recipient's country or role changed, the case
//!   was anonymised), the fallback is sent instead.

use std::fmt;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::db::outbox::{self, OutboxRow};
use crate::db::users::{self, Member};
use crate::db::{DbConn, cases as case_rows, playbooks as playbook_rows};
use crate::domain::policy::{self, Reader, Sensitivity};
use crate::domain::sensitivity::{Anonymity, Tlp};

/// The highest level whose content email may quote.
pub const HIGHEST_QUOTED: Tlp = Tlp::Green;

/// Words that this module cleared for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote(String);

impl Quote {
    /// The cleared words.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One line of a message: fixed wording, numbers and cleared quotes, nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line(String);

impl Line {
    /// A line of fixed wording.
    pub fn new(text: &'static str) -> Line {
        Line(text.to_owned())
    }

    /// Appends fixed wording.
    pub fn text(mut self, text: &'static str) -> Line {
        self.0.push_str(text);
        self
    }

    /// Appends a cleared quote.
    pub fn quote(mut self, quote: &Quote) -> Line {
        self.0.push_str(&quote.0);
        self
    }

    /// Appends a number.
    pub fn number(mut self, n: i64) -> Line {
        self.0.push_str(&n.to_string());
        self
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An absolute link into Twinwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link(String);

impl Link {
    /// A link to a page about the recipient's own account (tokens included).
    pub fn account(settings: &Settings, path_and_query: &str) -> Link {
        Link(settings.link(path_and_query))
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whom a message goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    address: String,
    name: String,
}

impl Recipient {
    /// The holder of an address, by the name they registered with.
    pub fn new(address: &str, name: &str) -> Recipient {
        Recipient {
            address: address.to_owned(),
            name: name.to_owned(),
        }
    }

    /// The address the message is sent to.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// "Hello {name},".
    pub fn greeting(&self) -> Line {
        Line::new("Hello ")
            .quote(&Quote(self.name.clone()))
            .text(",")
    }

    /// Words about the recipient's own account (their new address, a moderator's note on their
    /// registration). Never content of a case or playbook: that goes through a [`Mention`].
    pub fn about_own_account(&self, text: &str) -> Quote {
        Quote(text.to_owned())
    }
}

/// What a rendering of a message says: whether it quotes the content, and whether it links
/// the content's own page (rather than a page that does not name it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub quotes: bool,
    pub links_page: bool,
}

impl Disclosure {
    /// Says nothing of the content.
    pub const STRICTEST: Disclosure = Disclosure {
        quotes: false,
        links_page: false,
    };

    /// True when this rendering says nothing that `allowed` does not allow.
    pub fn within(self, allowed: Disclosure) -> bool {
        (!self.quotes || allowed.quotes) && (!self.links_page || allowed.links_page)
    }
}

/// What a mail about a case may say to a reader: quotes only at CLEAR and GREEN, only to a
/// reader who may read the case, and never to the author of an anonymised case (their address
/// names the city); the case's page only when that does not tie the case to its author.
pub fn case_disclosure(reader: Reader<'_>, case: &Sensitivity<'_>) -> Disclosure {
    let tied_to_identity = case.anonymity != Anonymity::None && policy::is_author(reader, case);
    Disclosure {
        quotes: policy::can_read(reader, case) && case.tlp <= HIGHEST_QUOTED && !tied_to_identity,
        links_page: !tied_to_identity,
    }
}

/// What a mail about a playbook may say to a reader: quotes only at CLEAR and GREEN and only
/// to a reader who may read it; its page address carries its slug, so it goes with the quotes.
pub fn playbook_disclosure(
    reader: Reader<'_>,
    status: crate::domain::playbook::PlaybookStatus,
    tlp: Tlp,
    audience: &[String],
) -> Disclosure {
    let quotes = policy::can_read_playbook(reader, status, tlp, audience) && tlp <= HIGHEST_QUOTED;
    Disclosure {
        quotes,
        links_page: quotes,
    }
}

/// What a mail about an agreement may say to a reader: quotes only at CLEAR and GREEN and
/// only to a reader who may read it (its owning city's members always may); its page address
/// is an opaque id, so it is linked to whoever may read it.
pub fn agreement_disclosure(reader: Reader<'_>, record: &policy::CityRecord<'_>) -> Disclosure {
    let readable = policy::can_read_city_record(reader, record);
    Disclosure {
        quotes: readable && record.tlp <= HIGHEST_QUOTED,
        links_page: readable,
    }
}

/// What the content a message is about is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AboutKind {
    Case,
    Playbook,
    Agreement,
}

/// Stored with a queued content message: the content, the recipient and what the queued
/// rendering says, so that the decision is taken again when it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guard {
    pub about: AboutKind,
    pub id: String,
    pub recipient: String,
    pub rendered: Disclosure,
}

/// A piece of content as a message to one recipient may mention it.
#[derive(Debug, Clone)]
pub struct Mention {
    to: Recipient,
    guard: Guard,
    allowed: Disclosure,
    /// Words that would identify who reported an anonymised case, masked in quotes.
    mask: Vec<String>,
    title: String,
    page: Link,
    elsewhere: Link,
}

/// What stands in for masked words.
const MASKED: &str = "[withheld]";

fn recipient_reader(member: Option<&Member>) -> Reader<'_> {
    match member {
        Some(m) if m.status == crate::domain::AccountStatus::Active => m.reader(),
        // A suspended or pending account reads as a visitor.
        _ => Reader::Visitor,
    }
}

fn case_allowed(
    conn: &mut DbConn,
    case_id: &str,
    recipient: Option<&Member>,
) -> QueryResult<Option<(case_rows::CaseRow, Disclosure)>> {
    let Some(row) = case_rows::find(conn, case_id)? else {
        return Ok(None);
    };
    let audience = case_rows::audience(conn, case_id)?;
    let allowed = case_disclosure(recipient_reader(recipient), &row.sensitivity(&audience));
    Ok(Some((row, allowed)))
}

fn playbook_allowed(
    conn: &mut DbConn,
    playbook_id: &str,
    recipient: Option<&Member>,
) -> QueryResult<Option<(playbook_rows::PlaybookRow, Disclosure)>> {
    let Some(row) = playbook_rows::find(conn, playbook_id)? else {
        return Ok(None);
    };
    let audience = playbook_rows::audience(conn, playbook_id)?;
    let allowed = playbook_disclosure(
        recipient_reader(recipient),
        row.status(),
        row.tlp(),
        &audience,
    );
    Ok(Some((row, allowed)))
}

fn agreement_allowed(
    conn: &mut DbConn,
    agreement_id: &str,
    recipient: Option<&Member>,
) -> QueryResult<Option<(crate::db::agreements::AgreementRow, Disclosure)>> {
    let Some(listed) = crate::db::agreements::find(conn, agreement_id)? else {
        return Ok(None);
    };
    let audience = crate::db::agreements::audiences(conn, &[agreement_id.to_owned()])?
        .remove(agreement_id)
        .unwrap_or_default();
    let allowed = agreement_disclosure(recipient_reader(recipient), &listed.row.record(&audience));
    Ok(Some((listed.row, allowed)))
}

impl Mention {
    /// An agreement, for a mail to `recipient_id` that links its page when it may, and the
    /// deadlines list otherwise. `None` when the agreement or the recipient is gone.
    pub fn agreement(
        conn: &mut DbConn,
        settings: &Settings,
        agreement_id: &str,
        recipient_id: &str,
    ) -> QueryResult<Option<Mention>> {
        let Some(member) = users::member(conn, recipient_id)? else {
            return Ok(None);
        };
        let Some((row, allowed)) = agreement_allowed(conn, agreement_id, Some(&member))? else {
            return Ok(None);
        };
        Ok(Some(Mention {
            to: Recipient::new(&member.email, &member.display_name),
            guard: Guard {
                about: AboutKind::Agreement,
                id: row.id.clone(),
                recipient: member.id.clone(),
                rendered: allowed,
            },
            allowed,
            mask: Vec::new(),
            page: Link(settings.link(&format!("/agreements/{}", row.id))),
            elsewhere: Link(settings.link("/agreements/deadlines")),
            title: row.title,
        }))
    }

    /// A case, for a mail to `recipient_id` that links `page` (a path under the case, like
    /// `/cases/{id}/edit`) when it may. `None` when the case or the recipient is gone.
    pub fn case(
        conn: &mut DbConn,
        settings: &Settings,
        case_id: &str,
        recipient_id: &str,
        page: &str,
    ) -> QueryResult<Option<Mention>> {
        let Some(member) = users::member(conn, recipient_id)? else {
            return Ok(None);
        };
        let Some((row, allowed)) = case_allowed(conn, case_id, Some(&member))? else {
            return Ok(None);
        };
        let mask = if row.anonymity() == Anonymity::None {
            Vec::new()
        } else {
            crate::cases::redaction::terms_for_case(conn, &row)?
        };
        Ok(Some(Mention {
            to: Recipient::new(&member.email, &member.display_name),
            guard: Guard {
                about: AboutKind::Case,
                id: row.id.clone(),
                recipient: member.id.clone(),
                rendered: allowed,
            },
            allowed,
            mask,
            title: row.title,
            page: Link(settings.link(page)),
            // The author's own cases are listed there, without naming one in the mail.
            elsewhere: Link(settings.link("/account")),
        }))
    }

    /// A playbook, for a mail about suggestion `suggestion_id` to `recipient_id` that links
    /// `page` (a path under the playbook's slug) when it may, and the suggestion by its opaque
    /// id otherwise. `None` when the playbook or the recipient is gone.
    pub fn suggestion(
        conn: &mut DbConn,
        settings: &Settings,
        playbook_id: &str,
        suggestion_id: &str,
        recipient_id: &str,
        page: &str,
    ) -> QueryResult<Option<Mention>> {
        let Some(member) = users::member(conn, recipient_id)? else {
            return Ok(None);
        };
        let Some((row, allowed)) = playbook_allowed(conn, playbook_id, Some(&member))? else {
            return Ok(None);
        };
        Ok(Some(Mention {
            to: Recipient::new(&member.email, &member.display_name),
            guard: Guard {
                about: AboutKind::Playbook,
                id: row.id.clone(),
                recipient: member.id.clone(),
                rendered: allowed,
            },
            allowed,
            mask: Vec::new(),
            title: row.title,
            page: Link(settings.link(page)),
            elsewhere: Link(settings.link(&format!("/suggestions/{suggestion_id}"))),
        }))
    }

    /// The recipient.
    pub fn to(&self) -> &Recipient {
        &self.to
    }

    /// The content's id (for dedupe keys).
    pub fn id(&self) -> &str {
        &self.guard.id
    }

    /// What this mention lets a message say.
    pub fn disclosure(&self) -> Disclosure {
        self.allowed
    }

    /// The content's title, when it may be quoted.
    pub fn title(&self) -> Option<Quote> {
        self.quote(&self.title)
    }

    /// Text of or about the content (a note on it), when it may be quoted; for an anonymised
    /// case, with the words that would identify who reported it masked.
    pub fn quote(&self, text: &str) -> Option<Quote> {
        self.allowed.quotes.then(|| Quote(mask(text, &self.mask)))
    }

    /// The button: `label` and the content's page when the mail may link it, otherwise
    /// `elsewhere_label` and a page that does not name the content.
    pub fn action(
        &self,
        label: &'static str,
        elsewhere_label: &'static str,
    ) -> (&'static str, Link) {
        if self.allowed.links_page {
            (label, self.page.clone())
        } else {
            (elsewhere_label, self.elsewhere.clone())
        }
    }

    /// The same mention allowed to say nothing of the content: the fallback rendering.
    pub fn strictest(&self) -> Mention {
        Mention {
            allowed: Disclosure::STRICTEST,
            ..self.clone()
        }
    }

    /// What is stored with the queued message.
    pub fn guard(&self) -> Guard {
        Guard {
            rendered: self.allowed,
            ..self.guard.clone()
        }
    }
}

/// Replaces each identifying term (whole words, any case) with a placeholder.
fn mask(text: &str, terms: &[String]) -> String {
    let alternatives: Vec<String> = terms
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(regex::escape)
        .collect();
    if alternatives.is_empty() {
        return text.to_owned();
    }
    match regex::RegexBuilder::new(&format!(r"\b(?:{})\b", alternatives.join("|")))
        .case_insensitive(true)
        .build()
    {
        Ok(pattern) => pattern.replace_all(text, MASKED).into_owned(),
        // A pattern that cannot be built quotes nothing rather than everything.
        Err(_) => MASKED.to_owned(),
    }
}

/// What the policy allows now for a queued message's guard; the strictest when the content
/// or the recipient is gone.
fn allowed_now(conn: &mut DbConn, guard: &Guard) -> QueryResult<Disclosure> {
    let Some(member) = users::member(conn, &guard.recipient)? else {
        return Ok(Disclosure::STRICTEST);
    };
    let allowed = match guard.about {
        AboutKind::Case => case_allowed(conn, &guard.id, Some(&member))?.map(|(_, a)| a),
        AboutKind::Playbook => playbook_allowed(conn, &guard.id, Some(&member))?.map(|(_, a)| a),
        AboutKind::Agreement => agreement_allowed(conn, &guard.id, Some(&member))?.map(|(_, a)| a),
    };
    Ok(allowed.unwrap_or(Disclosure::STRICTEST))
}

/// The policy's decision taken again as a message is sent: a content message whose queued
/// rendering says more than the policy now allows its recipient is replaced by its fallback
/// (stored, so that what was sent is what the row says). Other messages pass unchanged; a
/// guard that cannot be read counts as allowing nothing. `None`: nothing may be sent (a
/// guarded row without a fallback, never written by the application), and the row is failed.
pub fn checked_for_sending(conn: &mut DbConn, row: OutboxRow) -> QueryResult<Option<OutboxRow>> {
    let Some(guard) = row.guard.as_deref() else {
        return Ok(Some(row));
    };
    let still_allowed = match serde_json::from_str::<Guard>(guard) {
        Ok(guard) => guard.rendered.within(allowed_now(conn, &guard)?),
        Err(_) => false,
    };
    if still_allowed {
        return Ok(Some(row));
    }
    if !outbox::fall_back(conn, &row.id)? {
        tracing::warn!(outbox_id = %row.id, "content mail withheld: no fallback to send");
        outbox::mark_failed(conn, &row.id, "withheld by the email surface", None)?;
        return Ok(None);
    }
    tracing::info!(outbox_id = %row.id, "content mail replaced by its fallback at send time");
    outbox::find(conn, &row.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::CaseStatus;

    const AUTHOR: Reader<'static> = Reader::Member {
        id: "author",
        city: "gothenburg",
        country: "SE",
        moderates: false,
    };
    const PEER: Reader<'static> = Reader::Member {
        id: "peer",
        city: "linkoping",
        country: "SE",
        moderates: false,
    };

    fn case(tlp: Tlp, anonymity: Anonymity, audience: &[String]) -> Sensitivity<'_> {
        Sensitivity {
            author_id: "author",
            status: CaseStatus::Published,
            tlp,
            audience,
            anonymity,
        }
    }

    #[test]
    fn only_clear_and_green_are_quoted() {
        let audience = vec!["SE".to_owned()];
        for (tlp, quoted) in [
            (Tlp::Clear, true),
            (Tlp::Green, true),
            (Tlp::Amber, false),
            (Tlp::Red, false),
        ] {
            for reader in [AUTHOR, PEER] {
                let d = case_disclosure(reader, &case(tlp, Anonymity::None, &audience));
                // The peer may read the AMBER case (their country is listed), and still it is
                // not quoted.
                assert_eq!(d.quotes, quoted, "{tlp:?} {reader:?}");
                assert!(d.links_page);
            }
        }
    }

    #[test]
    fn anonymised_cases_are_never_quoted_to_their_author() {
        for anonymity in [Anonymity::HideCity, Anonymity::HideCityAndCountry] {
            let d = case_disclosure(AUTHOR, &case(Tlp::Clear, anonymity, &[]));
            assert_eq!(d, Disclosure::STRICTEST, "{anonymity:?}");
            // Another reader may be told, as the page tells them.
            let d = case_disclosure(PEER, &case(Tlp::Green, anonymity, &[]));
            assert!(d.quotes && d.links_page);
        }
    }

    #[test]
    fn unreadable_content_is_not_quoted() {
        let d = case_disclosure(Reader::Visitor, &case(Tlp::Green, Anonymity::None, &[]));
        assert!(!d.quotes);
        let d = playbook_disclosure(
            PEER,
            crate::domain::playbook::PlaybookStatus::Published,
            Tlp::Amber,
            &["SE".to_owned()],
        );
        assert_eq!(d, Disclosure::STRICTEST, "AMBER is never quoted");
        let d = playbook_disclosure(
            Reader::Visitor,
            crate::domain::playbook::PlaybookStatus::Published,
            Tlp::Green,
            &[],
        );
        assert_eq!(d, Disclosure::STRICTEST);
    }

    #[test]
    fn masks_identifying_words() {
        let terms = vec!["Uppsala".to_owned(), "Anna Berg".to_owned()];
        assert_eq!(
            mask("Letter to UPPSALA's mayor from Anna Berg", &terms),
            "Letter to [withheld]'s mayor from [withheld]"
        );
        assert_eq!(mask("Uppsalaborg", &terms), "Uppsalaborg");
    }

    #[test]
    fn within_compares_each_part() {
        let quoting = Disclosure {
            quotes: true,
            links_page: true,
        };
        assert!(Disclosure::STRICTEST.within(quoting));
        assert!(!quoting.within(Disclosure::STRICTEST));
        assert!(quoting.within(quoting));
    }
}
