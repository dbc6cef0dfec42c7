//! Synthetic cases for load tests (`seed-demo --synthetic N` and `examples/bench.rs`).
//!
//! Every title starts with [`TITLE_PREFIX`]. Texts are assembled from word lists by a seeded
//! random generator, so the same seed and count give the same cases (ids and timestamps of
//! insertion aside). Cases are written directly with diesel in large transactions, bypassing
//! the workflows for speed, but with everything the workflows would have written: topics,
//! demands, AMBER audiences, references, timeline entries, comments, "we faced this too"
//! marks with matching counters, one revision and the search document. No pattern alerts
//! and no emails are produced.
//!
//! SQLite gets one statement per row (cheap without a network); PostgreSQL gets multi-row
//! inserts.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::{DemoError, LOCKED_PASSWORD_HASH};
use crate::accounts::admin::{Provisioned, provision};
use crate::cases::authoring::Snapshot;
use crate::db::cases::CaseRow;
use crate::db::schema::{
    case_audience, case_comments, case_demands, case_faced, case_references, case_revisions,
    case_timeline, case_topics, cases,
};
use crate::db::{DbConn, cities, counterparts, new_id, users};
use crate::domain::case::NewCounterpart;
use crate::domain::case_fields::{CaseResponse, Channel, CounterpartKind, DemandKind, Topic};
use crate::domain::markdown;
use crate::domain::policy::CaseStatus;
use crate::domain::sensitivity::{Anonymity, Tlp};
use crate::domain::{CityName, Country, DisplayName, EmailAddress, Role};

/// Every synthetic title starts with this.
pub const TITLE_PREFIX: &str = "[synthetic]";
/// The generator's default seed.
pub const DEFAULT_SEED: u64 = 20_261_122;
/// A word found in the search documents of roughly 40% of the synthetic cases, for search
/// benchmarks.
pub const COMMON_WORD: &str = "delegation";
/// Cases per transaction.
const BATCH: u64 = 5_000;
/// PostgreSQL accepts at most 65,535 bind parameters per statement.
const PG_MAX_BINDS: usize = 65_000;

mod search_table {
    // The search document's columns common to both backends (an FTS5 table on SQLite, a
    // table with a generated tsvector on PostgreSQL); `db::schema` leaves it out.
    diesel::table! {
        case_search (case_id) {
            case_id -> Text,
            title -> Text,
            body -> Text,
        }
    }
}
use search_table::case_search;

/// What a run did.
#[derive(Debug, Clone, Copy)]
pub struct Report {
    pub added: u64,
    pub total: u64,
    pub rows: u64,
    pub elapsed: Duration,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} synthetic cases added ({} in all; {} rows) in {:.1} s.",
            self.added,
            self.total,
            self.rows,
            self.elapsed.as_secs_f64()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

/// Cities synthetic authors work in (on top of the demo cities).
const CITIES: &[(&str, &str)] = &[
    ("Aarhus", "DK"),
    ("Amsterdam", "NL"),
    ("Antwerp", "BE"),
    ("Athens", "GR"),
    ("Barcelona", "ES"),
    ("Berlin", "DE"),
    ("Bologna", "IT"),
    ("Bordeaux", "FR"),
    ("Boston", "US"),
    ("Bratislava", "SK"),
    ("Brno", "CZ"),
    ("Bucharest", "RO"),
    ("Budapest", "HU"),
    ("Chicago", "US"),
    ("Copenhagen", "DK"),
    ("Denver", "US"),
    ("Dublin", "IE"),
    ("Düsseldorf", "DE"),
    ("Gdańsk", "PL"),
    ("Geneva", "CH"),
    ("Glasgow", "GB"),
    ("Graz", "AT"),
    ("Helsinki", "FI"),
    ("Houston", "US"),
    ("Lisbon", "PT"),
    ("Ljubljana", "SI"),
    ("Madrid", "ES"),
    ("Malmö", "SE"),
    ("Manchester", "GB"),
    ("Marseille", "FR"),
    ("Montreal", "CA"),
    ("Munich", "DE"),
    ("Oslo", "NO"),
    ("Ottawa", "CA"),
    ("Porto", "PT"),
    ("Riga", "LV"),
    ("San Francisco", "US"),
    ("Stuttgart", "DE"),
    ("Tallinn", "EE"),
    ("Turin", "IT"),
    ("Vancouver", "CA"),
    ("Warsaw", "PL"),
    ("Wrocław", "PL"),
    ("Zagreb", "HR"),
    ("Zurich", "CH"),
];

const AUTHORS_PER_CITY: usize = 2;

const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Katja",
    "Luca", "Marta", "Nils", "Olga", "Pieter", "Rosa", "Simon", "Tamar", "Viktor",
];
const LAST_NAMES: &[&str] = &[
    "Andersen", "Bauer", "Costa", "Dvořák", "Eriksen", "Fischer", "García", "Horvat", "Ivanova",
    "Jansen", "Kowalski", "Larsen", "Martin", "Novak", "Olsen", "Peters", "Rossi", "Schmidt",
    "Tanaka", "Weber",
];

const CHINESE_CITIES: &[&str] = &[
    "Beijing",
    "Chengdu",
    "Chongqing",
    "Dalian",
    "Guangzhou",
    "Hangzhou",
    "Harbin",
    "Jinan",
    "Kunming",
    "Nanjing",
    "Ningbo",
    "Qingdao",
    "Shanghai",
    "Shenyang",
    "Shenzhen",
    "Suzhou",
    "Tianjin",
    "Wuhan",
    "Xiamen",
    "Xi'an",
];
const PROVINCES: &[&str] = &[
    "Anhui",
    "Fujian",
    "Guangdong",
    "Hebei",
    "Henan",
    "Hubei",
    "Hunan",
    "Jiangsu",
    "Shandong",
    "Sichuan",
    "Yunnan",
    "Zhejiang",
];
const OTHER_COUNTERPARTS: &[(&str, CounterpartKind)] = &[
    (
        "Chinese People's Association for Friendship with Foreign Countries",
        CounterpartKind::FriendshipAssociation,
    ),
    (
        "Example Friendship Cities Federation",
        CounterpartKind::FriendshipAssociation,
    ),
    (
        "Example Overseas Chinese Association",
        CounterpartKind::FriendshipAssociation,
    ),
    ("Example Smart City Technologies", CounterpartKind::Company),
    ("Example Port Logistics Group", CounterpartKind::Company),
    ("Example Rail Freight Company", CounterpartKind::Company),
    (
        "Confucius Institute at a partner university",
        CounterpartKind::University,
    ),
    ("Example Normal University", CounterpartKind::University),
    ("Example State News Agency", CounterpartKind::Media),
    ("Example Overseas Chinese Daily", CounterpartKind::Media),
    ("Unidentified sender", CounterpartKind::Unknown),
];

fn subjects(kind: CounterpartKind) -> &'static [&'static str] {
    match kind {
        CounterpartKind::Embassy => &["Embassy", "Embassy official", "Ambassador"],
        CounterpartKind::Consulate => &["Consulate", "Consul general", "Consulate staff"],
        CounterpartKind::PartnerCity => &["Partner city", "Partner-city government", "Sister city"],
        CounterpartKind::ProvincialFao => {
            &["Provincial foreign affairs office", "Partner province"]
        }
        CounterpartKind::FriendshipAssociation => &["Friendship association", "Friendship society"],
        CounterpartKind::Company => &["Technology company", "Investor", "State-owned company"],
        CounterpartKind::University => &["Partner university", "Confucius Institute"],
        CounterpartKind::Media => &["State media outlet", "Overseas newspaper"],
        CounterpartKind::Unknown => &["Unidentified caller", "Anonymous sender"],
    }
}

fn verbs(demand: DemandKind) -> &'static [&'static str] {
    match demand {
        DemandKind::CancelEvent => &[
            "asks to cancel",
            "demands the cancellation of",
            "presses to move",
        ],
        DemandKind::RemoveSymbol => &["objects to", "asks to take down"],
        DemandKind::RefuseMeeting => &["warns against", "asks the mayor to stay away from"],
        DemandKind::ChangeWording => &["asks to reword", "objects to the map in"],
        DemandKind::EndorsePolicy => &["seeks praise in", "asks for an endorsement in"],
        DemandKind::RestrictGroup => &["asks to restrict", "objects to a stand at"],
        DemandKind::EndTaiwanContacts => &["demands an end to", "warns the council about"],
        DemandKind::Threat => &["threatens consequences over", "hints at retaliation over"],
        DemandKind::Inducement => &["offers funding tied to", "offers a paid trip linked to"],
        DemandKind::InformationRequest => {
            &["requests details about", "asks for lists connected to"]
        }
        DemandKind::Other => &["raises concerns about", "comments on"],
    }
}

fn objects(topic: Topic) -> &'static [&'static str] {
    match topic {
        Topic::Taiwan => &[
            "a Taiwan photo exhibition",
            "a Taipei delegation visit",
            "a Taiwanese film week",
            "ties with a Taiwanese city",
        ],
        Topic::Tibet => &[
            "the Tibetan flag on 10 March",
            "a Tibet film evening",
            "a visit by Tibetan monks",
        ],
        Topic::Xinjiang => &["an exhibition on Uyghur camps", "a Uyghur community event"],
        Topic::HongKong => &[
            "a Hong Kong solidarity motion",
            "a talk by a Hong Kong activist",
        ],
        Topic::Tiananmen => &["a June 4 vigil", "a Tiananmen anniversary proclamation"],
        Topic::Dissidents => &[
            "an award for a jailed writer",
            "a political prisoner appeal",
        ],
        Topic::FalunGong => &["a Falun Gong stand", "a Falun Gong parade"],
        Topic::BeltAndRoad => &["a Belt and Road declaration", "a freight rail memorandum"],
        Topic::Covid19 => &["a mask donation", "a pandemic solidarity motion"],
        Topic::Technology => &[
            "a smart city pilot",
            "a surveillance camera contract",
            "a 5G memorandum",
        ],
        Topic::AcademicFreedom => &[
            "a Confucius Classroom",
            "a summer school agreement",
            "a university partnership",
        ],
        Topic::Other => &[
            "a sister-city anniversary",
            "a trade fair",
            "a partnership review",
        ],
    }
}

const SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    " at the city library",
    " before the council vote",
    " ahead of a delegation visit",
    " during the festival week",
    " in the town hall",
    " at the harbour festival",
    " before the mayor's trip",
];

const DEPARTMENTS: &[&str] = &[
    "the mayor's office",
    "the international relations unit",
    "the culture department",
    "the economic development agency",
    "the council secretariat",
    "the protocol office",
    "the education department",
    "the port authority",
    "the communications team",
    "the library service",
];
const OFFICIALS: &[&str] = &[
    "the mayor",
    "the deputy mayor",
    "the council speaker",
    "the head of international relations",
    "a council member",
    "the city manager",
    "the director of culture",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn channel_phrases(channel: Channel) -> &'static [&'static str] {
    match channel {
        Channel::Letter => &["a formal letter", "a letter on official letterhead"],
        Channel::Email => &["an email", "a series of emails"],
        Channel::Meeting => &["a meeting", "a courtesy visit"],
        Channel::Phone => &["a phone call", "several phone calls"],
        Channel::SocialMedia => &["a public post", "a statement online"],
        Channel::ThirdParty => &["a local business association", "an intermediary"],
    }
}

const OPENINGS: &[&str] = &[
    "The request reached {dept} through {channel} in {month} {year}.",
    "In {month} {year}, the {cp} contacted {dept} through {channel} about {object}.",
    "The {cp} raised {object} with {official}, first through {channel} and then in person.",
];
const DETAILS: &[&str] = &[
    "The message described {object} as harmful to friendly relations and asked the city to reconsider.",
    "It referred to the long partnership between the two cities and hinted that a planned delegation visit could be postponed.",
    "The wording was polite but insistent, and the request was repeated two weeks later.",
    "A draft text was attached, with the expectation that the city would adopt it unchanged.",
    "No consequence was named, but the timing, just before a trade fair, was noted by everyone involved.",
    "Local media picked up the story after a council member mentioned it in a committee meeting.",
    "The same points were made to the organisers directly, without informing the city.",
];
const CONTEXTS: &[&str] = &[
    "Peer cities in the network reported similar approaches in the same period.",
    "The case was shared with the national foreign ministry for information.",
    "The programme for the next official visit was reviewed in the light of the request.",
    "Staff kept a written record of every contact.",
    "The partnership agreement was checked for clauses that could be cited.",
    "The council's legal service was asked for a short opinion.",
];

fn responses(response: CaseResponse) -> &'static [&'static str] {
    match response {
        CaseResponse::Declined => &[
            "{Official} replied in writing that the city would not change its plans.",
            "The city declined, citing its own rules and the independence of the organisers.",
        ],
        CaseResponse::Complied => &[
            "After internal discussion the city agreed to the request, a decision the council later questioned.",
            "The organisers withdrew {object} after the city passed the request on.",
        ],
        CaseResponse::PartlyComplied => &[
            "The city kept {object} but dropped an official speech.",
            "A compromise was reached and the event went ahead under a different title.",
        ],
        CaseResponse::Negotiated => &[
            "After several exchanges both sides agreed on revised wording.",
            "The city negotiated a version of the text without the political paragraph.",
        ],
        CaseResponse::NoResponseYet => &[
            "The city has not answered yet and is seeking advice.",
            "The request is still being discussed internally.",
        ],
    }
}

const OUTCOMES: &[&str] = &[
    "The event took place as planned and no further contact followed.",
    "Relations with the partner city cooled for several months.",
    "A planned delegation visit was postponed without explanation.",
    "The exchange programme continued at working level.",
    "The story was covered by local media and the council debated it.",
    "The counterpart repeated its position in a public statement.",
    "Nothing further happened, as far as the city knows.",
    "The city received a thank-you note for its answer, but no change of position.",
];
const LESSONS: &[&str] = &[
    "Answer in writing, briefly, and keep a record of every contact.",
    "Anchor decisions in council resolutions rather than in the executive alone.",
    "Read every clause of an agreement before signing, annexes included.",
    "Share the request with peer cities early; the same text is rarely sent once.",
    "Separate gifts from political statements in any reply.",
    "Agree in advance who speaks for the city, districts and agencies included.",
    "Ask national authorities for advice before, not after, the first meeting.",
    "Do not give out the names of junior staff; route calls to one contact.",
];
const TIMELINE: &[&str] = &[
    "Follow-up message received repeating the request.",
    "Council committee discussed the matter.",
    "Written reply sent by the international relations unit.",
    "Local newspaper reported on the request.",
    "Meeting with the national foreign ministry's desk officer.",
    "The event took place without incident.",
    "Partner city postponed a planned visit.",
    "Legal opinion received from the council's legal service.",
];
const COMMENTS: &[&str] = &[
    "We had a very similar request last year and answered the same way.",
    "Thank you for sharing; this helps us prepare.",
    "Did the counterpart follow up after your reply?",
    "Our council adopted a resolution on this, which made the answer easier.",
    "Same wording reached us a few weeks later.",
    "Useful lessons. We will add this to our internal guidance.",
    "We chose a different approach and regretted it; your answer seems better.",
    "Was the national ministry involved in your decision?",
    "The delegation visit to our city was postponed in the same month.",
    "We would be interested in the text of your written reply.",
];
const REFERENCES: &[(&str, &str)] = &[
    (
        "Cities Need to Talk About China (GMF Transatlantic Take, 2021)",
        "https://www.gmfus.org/news/cities-need-talk-about-china",
    ),
    (
        "Ties that Bind: China's BRI and City Diplomacy in a Shifting World Order (ISPI, 2020)",
        "https://www.ispionline.it/en/pubblicazione/ties-bind-chinas-bri-and-city-diplomacy-shifting-world-order-26852",
    ),
];

const TOPIC_WEIGHTS: &[(Topic, u32)] = &[
    (Topic::Taiwan, 22),
    (Topic::Tibet, 12),
    (Topic::Xinjiang, 8),
    (Topic::HongKong, 8),
    (Topic::Tiananmen, 4),
    (Topic::Dissidents, 6),
    (Topic::FalunGong, 3),
    (Topic::BeltAndRoad, 10),
    (Topic::Covid19, 6),
    (Topic::Technology, 8),
    (Topic::AcademicFreedom, 8),
    (Topic::Other, 5),
];
const RESPONSE_WEIGHTS: &[(CaseResponse, u32)] = &[
    (CaseResponse::Declined, 45),
    (CaseResponse::Complied, 10),
    (CaseResponse::PartlyComplied, 15),
    (CaseResponse::Negotiated, 15),
    (CaseResponse::NoResponseYet, 15),
];
const KIND_WEIGHTS: &[(CounterpartKind, u32)] = &[
    (CounterpartKind::Embassy, 30),
    (CounterpartKind::Consulate, 20),
    (CounterpartKind::PartnerCity, 18),
    (CounterpartKind::ProvincialFao, 8),
    (CounterpartKind::FriendshipAssociation, 8),
    (CounterpartKind::Company, 6),
    (CounterpartKind::University, 5),
    (CounterpartKind::Media, 3),
    (CounterpartKind::Unknown, 2),
];

fn weighted<T: Copy>(rng: &mut StdRng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut pick = rng.gen_range(0..total);
    for (value, weight) in table {
        if pick < *weight {
            return *value;
        }
        pick -= weight;
    }
    table[0].0
}

fn pick<'a>(rng: &mut StdRng, list: &'a [&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or("")
}

fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in slots {
        if out.contains(key) {
            out = out.replace(key, value);
        }
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Setup: cities, authors, counterparts
// ---------------------------------------------------------------------------------------------

struct Author {
    id: String,
    city_id: String,
    country: &'static str,
}

/// Counterpart ids of one kind, with the country they serve when they are local (embassies
/// and consulates).
type Candidates = Vec<(String, Option<&'static str>)>;

struct Pools {
    authors: Vec<Author>,
    /// Ids by kind; embassies and consulates are keyed by country too.
    by_kind: Vec<(CounterpartKind, Candidates)>,
}

impl Pools {
    fn counterpart(&self, rng: &mut StdRng, kind: CounterpartKind, country: &str) -> String {
        let list = self
            .by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, list)| list.as_slice())
            .unwrap_or_default();
        let local: Vec<&String> = list
            .iter()
            .filter(|(_, c)| c.is_none_or(|c| c == country))
            .map(|(id, _)| id)
            .collect();
        local
            .choose(rng)
            .map(|id| (*id).clone())
            .or_else(|| list.first().map(|(id, _)| id.clone()))
            .unwrap_or_default()
    }
}

fn country(code: &str) -> Result<Country, DemoError> {
    Country::from_code(code).ok_or_else(|| DemoError::Invalid(format!("unknown country {code}")))
}

fn setup(conn: &mut DbConn) -> Result<Pools, DemoError> {
    conn.transaction(|conn| {
        let mut authors = Vec::new();
        for (c, (city, code)) in CITIES.iter().enumerate() {
            let name = CityName::parse(city).map_err(|e| DemoError::Invalid(e.to_string()))?;
            let city_id = cities::find_or_create(conn, &name, country(code)?)?;
            for k in 0..AUTHORS_PER_CITY {
                let n = c * AUTHORS_PER_CITY + k;
                let email = format!("synthetic{n:03}@synthetic.twinwise.example");
                let id = match users::find_by_email(conn, &email)? {
                    Some(row) => row.id,
                    None => {
                        let display = format!(
                            "{} {}",
                            FIRST_NAMES[n % FIRST_NAMES.len()],
                            LAST_NAMES[(n / FIRST_NAMES.len() + n) % LAST_NAMES.len()]
                        );
                        provision(
                            conn,
                            &Provisioned {
                                email: &EmailAddress::parse(&email)
                                    .map_err(|e| DemoError::Invalid(e.to_string()))?,
                                name: &DisplayName::parse(&display)
                                    .map_err(|e| DemoError::Invalid(e.to_string()))?,
                                city: &name,
                                country: country(code)?,
                                position: "International affairs officer (synthetic)",
                                role: Role::Member,
                                password_hash: LOCKED_PASSWORD_HASH,
                            },
                            None,
                        )?
                    }
                };
                authors.push(Author {
                    id,
                    city_id: city_id.clone(),
                    country: code,
                });
            }
        }
        let mut by_kind: Vec<(CounterpartKind, Candidates)> = CounterpartKind::ALL
            .iter()
            .map(|k| (*k, Vec::new()))
            .collect();
        let creator = authors[0].id.clone();
        let mut add = |conn: &mut DbConn,
                       name: String,
                       kind: CounterpartKind,
                       code: &'static str,
                       city: &str,
                       local_to: Option<&'static str>|
         -> Result<(), DemoError> {
            let new = NewCounterpart {
                name,
                kind,
                country: country(code)?,
                city: city.to_owned(),
            };
            let id = counterparts::find_or_create(conn, &new, &creator)?;
            if let Some((_, list)) = by_kind.iter_mut().find(|(k, _)| *k == kind) {
                list.push((id, local_to));
            }
            Ok(())
        };
        let mut seen = Vec::new();
        for (city, code) in CITIES {
            if seen.contains(code) {
                continue;
            }
            seen.push(*code);
            let name = country(code)?.name;
            add(
                conn,
                format!("Embassy of the People's Republic of China in {name}"),
                CounterpartKind::Embassy,
                code,
                "",
                Some(code),
            )?;
            add(
                conn,
                format!("Consulate General of the People's Republic of China in {city}"),
                CounterpartKind::Consulate,
                code,
                city,
                Some(code),
            )?;
        }
        for city in CHINESE_CITIES {
            add(
                conn,
                format!("{city} Municipal People's Government"),
                CounterpartKind::PartnerCity,
                "CN",
                city,
                None,
            )?;
        }
        for province in PROVINCES {
            add(
                conn,
                format!("{province} Provincial Foreign Affairs Office"),
                CounterpartKind::ProvincialFao,
                "CN",
                "",
                None,
            )?;
        }
        for (name, kind) in OTHER_COUNTERPARTS {
            add(conn, (*name).to_owned(), *kind, "CN", "", None)?;
        }
        Ok(Pools { authors, by_kind })
    })
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

#[derive(Insertable)]
#[diesel(table_name = case_topics)]
struct TopicRow {
    case_id: String,
    topic: String,
}

#[derive(Insertable)]
#[diesel(table_name = case_demands)]
struct DemandRow {
    case_id: String,
    demand: String,
}

#[derive(Insertable)]
#[diesel(table_name = case_audience)]
struct AudienceRow {
    case_id: String,
    country_code: String,
}

#[derive(Insertable)]
#[diesel(table_name = case_references)]
struct ReferenceRow {
    id: String,
    case_id: String,
    position: i32,
    title: String,
    url: String,
}

#[derive(Insertable)]
#[diesel(table_name = case_timeline)]
struct TimelineRow {
    id: String,
    case_id: String,
    occurred_on: NaiveDate,
    body: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = case_comments)]
struct CommentRow {
    id: String,
    case_id: String,
    author_id: String,
    body: String,
    body_html: String,
    created_at: NaiveDateTime,
    written_tlp: &'static str,
    written_audience: String,
    written_anonymity: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = case_faced)]
struct FacedRow {
    case_id: String,
    user_id: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = case_revisions)]
struct RevisionRow {
    id: String,
    case_id: String,
    snapshot: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = case_search)]
struct SearchRow {
    case_id: String,
    title: String,
    body: String,
}

/// The rows of a batch of cases, table by table, in insertion order.
#[derive(Default)]
struct Batch {
    cases: Vec<CaseRow>,
    topics: Vec<TopicRow>,
    demands: Vec<DemandRow>,
    audience: Vec<AudienceRow>,
    references: Vec<ReferenceRow>,
    timeline: Vec<TimelineRow>,
    comments: Vec<CommentRow>,
    faced: Vec<FacedRow>,
    revisions: Vec<RevisionRow>,
    search: Vec<SearchRow>,
}

impl Batch {
    fn rows(&self) -> u64 {
        [
            self.cases.len(),
            self.topics.len(),
            self.demands.len(),
            self.audience.len(),
            self.references.len(),
            self.timeline.len(),
            self.comments.len(),
            self.faced.len(),
            self.revisions.len(),
            self.search.len(),
        ]
        .iter()
        .sum::<usize>() as u64
    }
}

fn at_random_time(rng: &mut StdRng, day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(
        rng.gen_range(7..19),
        rng.gen_range(0..60),
        rng.gen_range(0..60),
    )
    .unwrap_or_default()
}

/// Generates case number `index` into the batch.
fn generate(batch: &mut Batch, pools: &Pools, seed: u64, index: u64, now: NaiveDateTime) {
    let mut rng = StdRng::seed_from_u64(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let today = now.date();
    let author = &pools.authors[rng.gen_range(0..pools.authors.len())];
    let occurred_on = today - TimeDelta::days(rng.gen_range(0..3650));

    let first_topic = weighted(&mut rng, TOPIC_WEIGHTS);
    let mut topics = vec![first_topic];
    if rng.gen_bool(0.3) {
        let second = weighted(&mut rng, TOPIC_WEIGHTS);
        if second != first_topic {
            topics.push(second);
        }
    }
    let first_demand = *DemandKind::ALL
        .choose(&mut rng)
        .unwrap_or(&DemandKind::Other);
    let mut demands = vec![first_demand];
    if rng.gen_bool(0.25) {
        let second = *DemandKind::ALL
            .choose(&mut rng)
            .unwrap_or(&DemandKind::Other);
        if second != first_demand {
            demands.push(second);
        }
    }
    let kind = weighted(&mut rng, KIND_WEIGHTS);
    let counterpart_id = pools.counterpart(&mut rng, kind, author.country);
    let channel = *Channel::ALL.choose(&mut rng).unwrap_or(&Channel::Letter);
    let response = weighted(&mut rng, RESPONSE_WEIGHTS);
    let tlp = match rng.gen_range(0..100) {
        0..55 => Tlp::Clear,
        55..80 => Tlp::Green,
        80..92 => Tlp::Amber,
        _ => Tlp::Red,
    };
    let anonymity = match rng.gen_range(0..100) {
        0..75 => Anonymity::None,
        75..92 => Anonymity::HideCity,
        _ => Anonymity::HideCityAndCountry,
    };

    let subject = pick(&mut rng, subjects(kind));
    let object = pick(&mut rng, objects(first_topic));
    let title = format!(
        "{TITLE_PREFIX} {subject} {} {object}{}",
        pick(&mut rng, verbs(first_demand)),
        pick(&mut rng, SUFFIXES)
    );
    let year = occurred_on.format("%Y").to_string();
    let month = MONTHS[occurred_on
        .format("%m")
        .to_string()
        .parse::<usize>()
        .unwrap_or(1)
        - 1];
    let official = pick(&mut rng, OFFICIALS);
    let official_cap = capitalised(official);
    let slots: [(&str, &str); 8] = [
        ("{dept}", pick(&mut rng, DEPARTMENTS)),
        ("{channel}", pick(&mut rng, channel_phrases(channel))),
        ("{month}", month),
        ("{year}", &year),
        ("{cp}", &subject.to_lowercase()),
        ("{object}", object),
        ("{Official}", &official_cap),
        ("{official}", official),
    ];
    let summary = format!(
        "{} {}",
        fill(pick(&mut rng, OPENINGS), &slots),
        fill(pick(&mut rng, responses(response)), &slots)
    );
    let mut details: Vec<&str> = DETAILS.choose_multiple(&mut rng, 2).copied().collect();
    let contexts = rng.gen_range(1..3);
    details.extend(CONTEXTS.choose_multiple(&mut rng, contexts));
    let narrative = format!(
        "{} {}\n\n{}\n\n{}",
        fill(pick(&mut rng, OPENINGS), &slots),
        fill(details[0], &slots),
        fill(details[1], &slots),
        details[2..]
            .iter()
            .map(|d| fill(d, &slots))
            .chain(std::iter::once(fill(
                pick(&mut rng, responses(response)),
                &slots
            )))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let outcome = pick(&mut rng, OUTCOMES).to_owned();
    let lessons = pick(&mut rng, LESSONS).to_owned();

    let created_on = occurred_on + TimeDelta::days(rng.gen_range(1..30));
    let created_at = at_random_time(&mut rng, created_on);
    let submitted_at = created_at + TimeDelta::hours(rng.gen_range(1..72));
    let published_at = (submitted_at + TimeDelta::hours(rng.gen_range(1..120))).min(now);
    let submitted_at = submitted_at.min(published_at);
    let created_at = created_at.min(submitted_at);
    let id = new_id();

    // Discussion: only levels every member can read get comments and marks.
    let open = matches!(tlp, Tlp::Clear | Tlp::Green);
    let timeline: Vec<(NaiveDate, String)> = (0..rng.gen_range(0..4))
        .map(|k| {
            let day = occurred_on + TimeDelta::days(7 * (k + 1) + rng.gen_range(0..7));
            (day.min(today), pick(&mut rng, TIMELINE).to_owned())
        })
        .collect();
    let others: Vec<&Author> = pools.authors.iter().filter(|a| a.id != author.id).collect();
    let comment_count: i32 = if open { rng.gen_range(0..5) } else { 0 };
    let faced_count: usize = if open { rng.gen_range(0..5) } else { 0 };

    for (day, body) in &timeline {
        batch.timeline.push(TimelineRow {
            id: new_id(),
            case_id: id.clone(),
            occurred_on: *day,
            body: body.clone(),
            created_at: at_random_time(&mut rng, *day).max(published_at),
        });
    }
    for k in 0..comment_count {
        let by = others.choose(&mut rng).map_or(author, |a| *a);
        let body = pick(&mut rng, COMMENTS).to_owned();
        batch.comments.push(CommentRow {
            id: new_id(),
            case_id: id.clone(),
            author_id: by.id.clone(),
            body_html: markdown::render(&body),
            body,
            created_at: (published_at + TimeDelta::hours(6 * i64::from(k + 1))).min(now),
            // Only CLEAR and GREEN cases are discussed: no AMBER audience to keep.
            written_tlp: tlp.as_str(),
            written_audience: String::new(),
            written_anonymity: anonymity.as_str(),
        });
    }
    for (k, by) in others.choose_multiple(&mut rng, faced_count).enumerate() {
        batch.faced.push(FacedRow {
            case_id: id.clone(),
            user_id: by.id.clone(),
            created_at: (published_at + TimeDelta::hours(8 * (k as i64 + 1))).min(now),
        });
    }
    if tlp == Tlp::Amber {
        let mut audience = vec![author.country];
        if rng.gen_bool(0.5) {
            let (_, other) = CITIES[rng.gen_range(0..CITIES.len())];
            if other != author.country {
                audience.push(other);
            }
        }
        for code in audience {
            batch.audience.push(AudienceRow {
                case_id: id.clone(),
                country_code: code.to_owned(),
            });
        }
    }
    let references = rng.gen_range(0..3);
    for (position, (title, url)) in REFERENCES.choose_multiple(&mut rng, references).enumerate() {
        batch.references.push(ReferenceRow {
            id: new_id(),
            case_id: id.clone(),
            position: position as i32,
            title: (*title).to_owned(),
            url: (*url).to_owned(),
        });
    }
    for topic in &topics {
        batch.topics.push(TopicRow {
            case_id: id.clone(),
            topic: topic.as_str().to_owned(),
        });
    }
    for demand in &demands {
        batch.demands.push(DemandRow {
            case_id: id.clone(),
            demand: demand.as_str().to_owned(),
        });
    }
    // The search document, as `db::search::index_case` builds it.
    let body = [&summary, &narrative, &outcome, &lessons]
        .into_iter()
        .cloned()
        .chain(timeline.iter().map(|(_, b)| b.clone()))
        .collect::<Vec<_>>()
        .join("\n\n");
    batch.search.push(SearchRow {
        case_id: id.clone(),
        title: title.clone(),
        body,
    });
    let snapshot = Snapshot {
        title: title.clone(),
        summary: summary.clone(),
        narrative: narrative.clone(),
        outcome: outcome.clone(),
        lessons: lessons.clone(),
        tlp: tlp.as_str().to_owned(),
        anonymity: anonymity.as_str().to_owned(),
    };
    batch.revisions.push(RevisionRow {
        id: new_id(),
        case_id: id.clone(),
        snapshot: serde_json::to_string(&snapshot).unwrap_or_default(),
        created_at: published_at,
    });
    batch.cases.push(CaseRow {
        id,
        author_id: author.id.clone(),
        city_id: author.city_id.clone(),
        title,
        summary,
        narrative_html: markdown::render(&narrative),
        narrative,
        counterpart_id: Some(counterpart_id),
        channel: channel.as_str().to_owned(),
        response: response.as_str().to_owned(),
        outcome,
        lessons,
        occurred_on,
        tlp: tlp.as_str().to_owned(),
        anonymity: anonymity.as_str().to_owned(),
        status: CaseStatus::Published.as_str().to_owned(),
        return_reason: None,
        faced_count: faced_count as i32,
        comment_count,
        created_at,
        updated_at: published_at,
        submitted_at: Some(submitted_at),
        published_at: Some(published_at),
        topic_mask: crate::domain::case_fields::topic_mask(&topics),
        demand_mask: crate::domain::case_fields::demand_mask(&demands),
    });
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// One statement per row.
macro_rules! insert_each {
    ($conn:expr, $table:expr, $rows:expr) => {
        for row in $rows.iter() {
            diesel::insert_into($table).values(row).execute($conn)?;
        }
    };
}

/// Multi-row statements, as large as the bind-parameter limit allows.
macro_rules! insert_many {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {
        for chunk in $rows.chunks((PG_MAX_BINDS / $columns).max(1)) {
            diesel::insert_into($table).values(chunk).execute($conn)?;
        }
    };
}

fn write(conn: &mut DbConn, batch: &Batch) -> Result<(), DemoError> {
    match conn {
        DbConn::Sqlite(c) => c.transaction(|c| {
            insert_each!(c, cases::table, batch.cases);
            insert_each!(c, case_topics::table, batch.topics);
            insert_each!(c, case_demands::table, batch.demands);
            insert_each!(c, case_audience::table, batch.audience);
            insert_each!(c, case_references::table, batch.references);
            insert_each!(c, case_timeline::table, batch.timeline);
            insert_each!(c, case_comments::table, batch.comments);
            insert_each!(c, case_faced::table, batch.faced);
            insert_each!(c, case_revisions::table, batch.revisions);
            // The document's rowid is the search key the insert trigger gave the case.
            for doc in &batch.search {
                diesel::sql_query(crate::db::search::SQLITE_INSERT_DOCUMENT)
                    .bind::<diesel::sql_types::Text, _>(&doc.case_id)
                    .bind::<diesel::sql_types::Text, _>(&doc.title)
                    .bind::<diesel::sql_types::Text, _>(&doc.body)
                    .execute(c)?;
            }
            Ok::<_, diesel::result::Error>(())
        })?,
        DbConn::Postgres(c) => c.transaction(|c| {
            insert_many!(c, cases::table, batch.cases, 25);
            insert_many!(c, case_topics::table, batch.topics, 2);
            insert_many!(c, case_demands::table, batch.demands, 2);
            insert_many!(c, case_audience::table, batch.audience, 2);
            insert_many!(c, case_references::table, batch.references, 5);
            insert_many!(c, case_timeline::table, batch.timeline, 5);
            insert_many!(c, case_comments::table, batch.comments, 6);
            insert_many!(c, case_faced::table, batch.faced, 3);
            insert_many!(c, case_revisions::table, batch.revisions, 4);
            insert_many!(c, case_search::table, batch.search, 3);
            Ok::<_, diesel::result::Error>(())
        })?,
    }
    Ok(())
}

/// How many synthetic cases exist.
pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    cases::table
        .filter(cases::title.like(format!("{TITLE_PREFIX}%")))
        .count()
        .get_result(conn)
}

/// Makes sure `wanted` synthetic cases exist, generating the missing ones (case number `n`
/// always comes from the same seed, so topping up continues the same sequence).
pub fn seed(conn: &mut DbConn, wanted: u64, seed: u64) -> Result<Report, DemoError> {
    let started = Instant::now();
    let existing = u64::try_from(count(conn)?).unwrap_or(0);
    let mut report = Report {
        added: 0,
        total: existing.max(wanted),
        rows: 0,
        elapsed: Duration::ZERO,
    };
    if existing < wanted {
        let pools = setup(conn)?;
        let now = crate::db::now().min(Utc::now().naive_utc());
        let mut next = existing;
        while next < wanted {
            let end = (next + BATCH).min(wanted);
            let mut batch = Batch::default();
            for index in next..end {
                generate(&mut batch, &pools, seed, index, now);
            }
            write(conn, &batch)?;
            report.rows += batch.rows();
            report.added += end - next;
            next = end;
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}
