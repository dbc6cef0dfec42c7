//! The playbook policy as a matrix: every kind of viewer × every level × every status × every
//! surface that shows playbooks. A moderator writes one playbook per level and status, each
//! with a marker word of its own in its title; every surface is then searched for the markers.
//!
//! The rules, written from DESIGN.md and the issue independently of `src/domain/policy.rs`:
//! drafts are for moderators and admins; published and archived playbooks follow the levels
//! as cases do (CLEAR anyone, GREEN members, AMBER members of the listed countries — here CZ —
//! and moderators, RED moderators). A suspended member counts as a visitor. Lists, search and
//! the home page show published playbooks only (archived ones are listed on request).

use crate::common;

use common::{Backend, Client, TestApp, spawn_app};
use reqwest::StatusCode;
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";
/// A word every seeded playbook carries in its summary.
const SHARED_WORD: &str = "zqpbshared";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Clear,
    Green,
    Amber,
    Red,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Draft,
    Published,
    Archived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Visitor,
    Suspended,
    MemberInAudience,
    MemberElsewhere,
    Moderator,
    Admin,
}

impl Who {
    const ALL: [Who; 6] = [
        Who::Visitor,
        Who::Suspended,
        Who::MemberInAudience,
        Who::MemberElsewhere,
        Who::Moderator,
        Who::Admin,
    ];

    fn moderates(self) -> bool {
        matches!(self, Who::Moderator | Who::Admin)
    }

    fn member(self) -> bool {
        !matches!(self, Who::Visitor | Who::Suspended)
    }
}

struct Seeded {
    slug: String,
    marker: String,
    level: Level,
    status: Status,
}

fn may_read(who: Who, p: &Seeded) -> bool {
    if p.status == Status::Draft {
        return who.moderates();
    }
    match p.level {
        Level::Clear => true,
        Level::Green => who.member(),
        Level::Amber => who.moderates() || who == Who::MemberInAudience,
        Level::Red => who.moderates(),
    }
}

fn seed(app: &TestApp, moderator_id: &str) -> Vec<Seeded> {
    use twinwise::domain::playbook::{PlaybookFields, PlaybookInput, PlaybookStatus};
    use twinwise::playbooks::authoring;

    let mut conn = app.db.get().unwrap();
    let moderator = twinwise::db::users::member(&mut conn, moderator_id)
        .unwrap()
        .unwrap();
    let mut seeded = Vec::new();
    for (level, tlp) in [
        (Level::Clear, "clear"),
        (Level::Green, "green"),
        (Level::Amber, "amber"),
        (Level::Red, "red"),
    ] {
        for (status, word) in [
            (Status::Draft, "draft"),
            (Status::Published, "published"),
            (Status::Archived, "archived"),
        ] {
            let marker = format!("zqpb{tlp}{word}");
            let slug = format!("matrix-{tlp}-{word}");
            let fields = PlaybookFields {
                slug: slug.clone(),
                title: format!("Playbook {marker}"),
                summary: format!("When a consulate objects. {SHARED_WORD}"),
                topics: vec!["tibet".into()],
                demands: vec!["remove_symbol".into()],
                tlp: tlp.into(),
                audience: if level == Level::Amber {
                    vec!["CZ".into()]
                } else {
                    Vec::new()
                },
                step_title: vec!["Log it".into()],
                step_body: vec![format!("Write down what was asked ({marker}).")],
                letter_title: vec!["Reply".into()],
                letter_body: vec!["Dear {counterpart}, the flag stays.".into()],
                ..PlaybookFields::default()
            };
            let input = PlaybookInput::parse(&fields, false).expect("valid playbook");
            authoring::create(&mut conn, &moderator, &input).unwrap();
            if status != Status::Draft {
                authoring::set_status(&mut conn, &moderator, &slug, PlaybookStatus::Published)
                    .unwrap();
                authoring::set_featured(&mut conn, &moderator, &slug, true).unwrap();
            }
            if status == Status::Archived {
                authoring::set_status(&mut conn, &moderator, &slug, PlaybookStatus::Archived)
                    .unwrap();
            }
            seeded.push(Seeded {
                slug,
                marker,
                level,
                status,
            });
        }
    }
    seeded
}

async fn sign_in(app: &TestApp, email: &str) -> Client {
    let client = app.client.fresh();
    let page = client.login(email, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
    client
}

/// Which markers a page body shows.
fn shown(body: &str, seeded: &[Seeded]) -> Vec<String> {
    seeded
        .iter()
        .filter(|p| body.contains(&p.marker))
        .map(|p| p.marker.clone())
        .collect()
}

async fn matrix(backend: Backend) {
    let app = spawn_app(backend).await;
    let people = [
        ("brno", Role::Member, "Brno", "CZ"),
        ("lyon", Role::Member, "Lyon", "FR"),
        ("moderator", Role::Moderator, "Lyon", "FR"),
        ("admin", Role::Admin, "Lyon", "FR"),
        ("suspended", Role::Member, "Prague", "CZ"),
    ];
    let mut ids = Vec::new();
    for (key, role, city, country) in people {
        ids.push(app.create_user_in(
            &format!("{key}@pbmatrix.example"),
            "Matrix Person",
            role,
            PASSWORD,
            city,
            country,
        ));
    }
    let seeded = seed(&app, &ids[2]);
    let suspended = sign_in(&app, "suspended@pbmatrix.example").await;
    {
        // Suspended after signing in: the session no longer counts.
        use diesel::prelude::*;
        use twinwise::db::schema::users;
        let mut conn = app.db.get().unwrap();
        diesel::update(users::table.find(&ids[4]))
            .set(users::status.eq("suspended"))
            .execute(&mut *conn)
            .unwrap();
    }
    let clients = [
        (Who::Visitor, app.client.fresh()),
        (Who::Suspended, suspended),
        (
            Who::MemberInAudience,
            sign_in(&app, "brno@pbmatrix.example").await,
        ),
        (
            Who::MemberElsewhere,
            sign_in(&app, "lyon@pbmatrix.example").await,
        ),
        (
            Who::Moderator,
            sign_in(&app, "moderator@pbmatrix.example").await,
        ),
        (Who::Admin, sign_in(&app, "admin@pbmatrix.example").await),
    ];
    assert_eq!(clients.len(), Who::ALL.len());

    let mut failures = Vec::new();
    let mut checked = 0;
    for (who, client) in &clients {
        let who = *who;
        // Pages of each playbook: 200 when readable, 404 (never 403) otherwise.
        for p in &seeded {
            let expected = if may_read(who, p) {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            for path in [
                format!("/playbooks/{}", p.slug),
                format!("/playbooks/{}/print", p.slug),
                format!("/playbooks/{}/download.md", p.slug),
                format!("/playbooks/{}/revisions", p.slug),
                format!("/playbooks/{}/revisions/1", p.slug),
                format!("/playbooks/{}/compare?from=1&to=1", p.slug),
            ] {
                let page = client.get(&path).await;
                checked += 1;
                if page.status != expected {
                    failures.push(format!("{who:?} {path}: {} (want {expected})", page.status));
                }
                if expected == StatusCode::NOT_FOUND && page.body.contains(&p.marker) {
                    failures.push(format!("{who:?} {path}: 404 page names {}", p.marker));
                }
            }
        }
        // Lists, search and the home page.
        let listed = |status: Status| -> Vec<String> {
            seeded
                .iter()
                .filter(|p| p.status == status && may_read(who, p))
                .map(|p| p.marker.clone())
                .collect()
        };
        let published = listed(Status::Published);
        let surfaces = [
            ("/playbooks".to_owned(), published.clone()),
            (
                "/playbooks?status=archived".to_owned(),
                listed(Status::Archived),
            ),
            (format!("/playbooks?q={SHARED_WORD}"), published.clone()),
            (format!("/search?q={SHARED_WORD}"), published.clone()),
            ("/".to_owned(), published.clone()),
        ];
        for (path, want) in surfaces {
            let page = client.get(&path).await;
            checked += 1;
            let got = shown(&page.body, &seeded);
            if page.status != StatusCode::OK || got != want {
                failures.push(format!(
                    "{who:?} {path}: {} shows {got:?}, want {want:?}",
                    page.status
                ));
            }
        }
        // Drafts stay out of lists even when asked for, except for moderators.
        let drafts = client.get("/playbooks?status=draft").await;
        let want = if who.moderates() {
            listed(Status::Draft)
        } else {
            published.clone()
        };
        checked += 1;
        if shown(&drafts.body, &seeded) != want {
            failures.push(format!(
                "{who:?} /playbooks?status=draft shows drafts wrongly"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 6 viewers × (12 playbooks × 6 pages + 6 lists).
    assert_eq!(checked, 6 * (12 * 6 + 6));
}

backend_tests!(matrix);
