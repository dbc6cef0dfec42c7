//! Cases end to end: write, submit, publish or return, find, discuss, and the sensitivity
//! policy on the page, the list and search.

use crate::common;

use common::{Backend, Client, TestApp, spawn_app};
use reqwest::StatusCode;
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";

/// A complete, valid case form; tweak fields with `with`.
pub(crate) fn case_fields(title: &str) -> Vec<(String, String)> {
    [
        ("title", title),
        (
            "summary",
            "The embassy wrote to the mayor asking to cancel a photo exhibition.",
        ),
        (
            "narrative",
            "On **Monday** a letter arrived from the embassy.\n\n<script>alert('x')</script>",
        ),
        ("topics", "taiwan"),
        ("topics", "other"),
        ("demands", "cancel_event"),
        ("counterpart_id", "new"),
        ("counterpart_name", "Embassy of the PRC in Sweden"),
        ("counterpart_kind", "embassy"),
        ("counterpart_country", "SE"),
        ("channel", "letter"),
        ("response", "declined"),
        ("outcome", "The exhibition opened as planned."),
        ("lessons", "Answer in writing, politely and briefly."),
        ("occurred_on", "2024-03-01"),
        ("reference_title", "City council minutes"),
        ("reference_url", "https://example.org/minutes"),
        ("tlp", "green"),
        ("anonymity", "none"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

pub(crate) fn with(
    mut fields: Vec<(String, String)>,
    key: &str,
    value: &str,
) -> Vec<(String, String)> {
    fields.retain(|(k, _)| k != key);
    fields.push((key.to_owned(), value.to_owned()));
    fields
}

pub(crate) async fn post_case(client: &Client, fields: &[(String, String)]) -> common::Page {
    let token = client.get("/cases/new").await.csrf();
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.push(("csrf_token", &token));
    client.post_raw("/cases/new", &all).await
}

/// Creates a draft and returns its id.
pub(crate) async fn draft(client: &Client, fields: &[(String, String)]) -> String {
    let page = post_case(client, fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location
        .unwrap()
        .trim_start_matches("/cases/")
        .to_owned()
}

pub(crate) async fn submit(client: &Client, id: &str) {
    let page = client
        .submit(&format!("/cases/{id}"), &format!("/cases/{id}/submit"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

pub(crate) async fn publish(moderator: &Client, id: &str) {
    let page = moderator
        .submit(
            &format!("/moderation/cases/{id}"),
            &format!("/moderation/cases/{id}/publish"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(moderator.follow(&page).await.has("was published"));
}

/// A member in the given city and country, signed in.
pub(crate) async fn member_in(
    app: &TestApp,
    name: &str,
    city: &str,
    country: &str,
    role: Role,
) -> Client {
    let email = format!(
        "{}@{}.example",
        name.to_lowercase().replace(' ', "."),
        city.to_lowercase()
    );
    app.create_user_in(&email, name, role, PASSWORD, city, country);
    let client = app.client.fresh();
    assert_eq!(
        client.login(&email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client
}

async fn written_case_is_reviewed_published_and_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;

    let id = draft(
        &author,
        &case_fields("Embassy asks to cancel a Taiwan photo exhibition"),
    )
    .await;
    let account = author.get("/account").await;
    assert!(
        account.has("Taiwan photo exhibition") && account.has("Draft"),
        "the author finds the draft on the account page"
    );
    let own = author.get(&format!("/cases/{id}")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.has("Only you can see this case"));
    assert!(own.has("<strong>Monday</strong>"), "Markdown is rendered");
    assert!(
        !own.has("<script>alert"),
        "script in Markdown is neutralised"
    );
    // A draft has no discussion yet.
    let early = author
        .submit(
            &format!("/cases/{id}"),
            &format!("/cases/{id}/comments"),
            &[("body", "Too early")],
        )
        .await;
    assert!(author.follow(&early).await.has("not published yet"));
    // A draft is invisible to everyone else, as if it did not exist.
    assert_eq!(
        peer.get(&format!("/cases/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        moderator.get(&format!("/cases/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!peer.get("/cases").await.has("Taiwan photo exhibition"));

    submit(&author, &id).await;
    let queue = moderator.get("/moderation/cases").await;
    assert!(queue.has("Review: Embassy asks to cancel a Taiwan photo exhibition"));
    assert_eq!(
        peer.get(&format!("/cases/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    publish(&moderator, &id).await;
    let mail = app.mail_to("anna.berg@uppsala.example", "published").await;
    assert!(mail.text.contains(&format!("/cases/{id}")));

    let seen = peer.get(&format!("/cases/{id}")).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.has("Uppsala, Sweden") && seen.has("Embassy of the PRC in Sweden"));
    let list = peer.get("/cases?topic=taiwan").await;
    assert!(list.has("Taiwan photo exhibition"));
    assert!(
        !peer
            .get("/cases?topic=tibet")
            .await
            .has("Taiwan photo exhibition")
    );
    let found = peer.get("/cases?q=exhibition").await;
    assert!(found.has("Taiwan photo exhibition"));
    assert!(
        found.has("<mark>exhibition</mark>"),
        "search results carry highlighted snippets"
    );
    assert!(
        peer.get("/").await.has("Taiwan photo exhibition"),
        "the home page lists recent readable cases"
    );
    assert!(
        !app.client
            .fresh()
            .get("/")
            .await
            .has("Taiwan photo exhibition")
    );
    // GREEN: members only.
    assert_eq!(
        app.client.fresh().get(&format!("/cases/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.client
            .fresh()
            .get("/cases")
            .await
            .has("Taiwan photo exhibition")
    );
}

async fn returned_case_carries_the_reason_to_its_author(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Rui Costa", "Porto", "PT", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let id = draft(
        &author,
        &case_fields("Consulate asks to remove a Tibet flag"),
    )
    .await;
    submit(&author, &id).await;
    let empty = moderator
        .submit(
            &format!("/moderation/cases/{id}"),
            &format!("/moderation/cases/{id}/return"),
            &[("reason", "  ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let returned = moderator
        .submit(
            &format!("/moderation/cases/{id}"),
            &format!("/moderation/cases/{id}/return"),
            &[("reason", "Please remove the mayor's name.")],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);
    let mail = app
        .mail_to("rui.costa@porto.example", "needs changes")
        .await;
    assert!(mail.text.contains("Please remove the mayor's name."));
    assert!(
        author
            .get(&format!("/cases/{id}"))
            .await
            .has("Please remove the mayor")
    );
    // The author edits and submits again.
    let token = author.get(&format!("/cases/{id}/edit")).await.csrf();
    let fields = with(
        case_fields("Consulate asks to remove a Tibet flag (edited)"),
        "csrf_token",
        &token,
    );
    let all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        author
            .post_raw(&format!("/cases/{id}/edit"), &all)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    submit(&author, &id).await;
    assert!(moderator.get("/moderation/cases").await.has("(edited)"));
}

async fn anonymised_case_hides_its_city_from_other_members(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Karel Dvorak", "Brno", "CZ", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let fields = with(
        with(
            case_fields("Pressure over a Dalai Lama visit"),
            "anonymity",
            "city_and_country",
        ),
        "narrative",
        "The mayor of Brno received a call.",
    );
    let id = draft(&author, &fields).await;
    submit(&author, &id).await;
    let review = moderator.get(&format!("/moderation/cases/{id}")).await;
    assert!(review.has("Redaction check"));
    assert!(
        review.has("<mark>Brno</mark>"),
        "the redaction check highlights the city:\n{}",
        review.body
    );
    publish(&moderator, &id).await;

    let page = peer.get(&format!("/cases/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("a city in Europe"));
    assert!(!page.has("Karel Dvorak") && !page.has("Czechia"));
    assert!(
        !page.has("Embassy of the PRC in Sweden"),
        "the counterpart could point to the city"
    );
    let list = peer.get("/cases").await;
    assert!(list.has("a city in Europe") && !list.has("Brno,"));
    // Filtering by the hidden country must not find it.
    assert!(!peer.get("/cases?country=CZ").await.has("Dalai Lama"));
    // The author and moderators still see who reported it.
    assert!(
        author
            .get(&format!("/cases/{id}"))
            .await
            .has("Brno, Czechia")
    );
    assert!(
        moderator
            .get(&format!("/cases/{id}"))
            .await
            .has("Brno, Czechia")
    );
}

async fn amber_and_red_cases_reach_only_their_audience(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Karel Dvorak", "Brno", "CZ", Role::Member).await;
    let same_country = member_in(&app, "Eva Svoboda", "Ostrava", "CZ", Role::Member).await;
    let listed = member_in(&app, "Jan Kovac", "Kosice", "SK", Role::Member).await;
    let other = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;

    let mut amber = with(case_fields("Amber letter about Taiwan"), "tlp", "amber");
    amber.push(("audience".into(), "CZ".into()));
    amber.push(("audience".into(), "SK".into()));
    let amber_id = draft(&author, &amber).await;
    submit(&author, &amber_id).await;
    publish(&moderator, &amber_id).await;
    let red_id = draft(
        &author,
        &with(case_fields("Red threat about Taiwan"), "tlp", "red"),
    )
    .await;
    submit(&author, &red_id).await;
    publish(&moderator, &red_id).await;

    for (who, amber_ok, red_ok) in [
        (&same_country, true, false),
        (&listed, true, false),
        (&other, false, false),
        (&moderator, true, true),
        (&author, true, true),
    ] {
        assert_eq!(
            who.get(&format!("/cases/{amber_id}")).await.status == StatusCode::OK,
            amber_ok
        );
        assert_eq!(
            who.get(&format!("/cases/{red_id}")).await.status == StatusCode::OK,
            red_ok
        );
        let list = who.get("/cases?q=taiwan").await;
        assert_eq!(list.has("Amber letter"), amber_ok);
        assert_eq!(list.has("Red threat"), red_ok);
    }
    // Counts never include what the reader cannot see.
    assert!(other.get("/cases?q=taiwan").await.has("No case matches"));
}

async fn discussion_timeline_and_faced_marks(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let id = draft(&author, &case_fields("Partner city suspends exchanges")).await;
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    let page = format!("/cases/{id}");

    let entry = author
        .submit(
            &page,
            &format!("/cases/{id}/timeline"),
            &[
                ("occurred_on", "2024-03-05"),
                ("body", "Second letter arrived."),
            ],
        )
        .await;
    assert_eq!(entry.status, StatusCode::SEE_OTHER);
    let not_author = peer
        .submit(
            &page,
            &format!("/cases/{id}/timeline"),
            &[("occurred_on", "2024-03-06"), ("body", "Not mine to add.")],
        )
        .await;
    assert!(peer.follow(&not_author).await.has("Only the case"));
    let comment = peer
        .submit(
            &page,
            &format!("/cases/{id}/comments"),
            &[(
                "body",
                "We had the *same* letter. <img src=x onerror=alert(1)>",
            )],
        )
        .await;
    assert_eq!(comment.status, StatusCode::SEE_OTHER);
    for _ in 0..2 {
        peer.submit(&page, &format!("/cases/{id}/faced"), &[]).await;
    }
    let shown = peer.get(&page).await;
    assert!(shown.has("Second letter arrived."));
    assert!(!shown.has("Not mine to add."));
    assert!(shown.has("<em>same</em>") && !shown.has("onerror"));
    assert!(
        shown.has("1 member said their city faced the same"),
        "marked once per member"
    );
    let flagged = peer
        .submit(
            &page,
            &format!("/cases/{id}/flag"),
            &[("reason", "Names a private person")],
        )
        .await;
    assert!(
        peer.follow(&flagged)
            .await
            .has("The moderators will look at it")
    );
    // The timeline is searchable.
    assert!(
        peer.get("/cases?q=second+letter")
            .await
            .has("Partner city suspends exchanges")
    );
}

async fn published_edits_keep_revisions(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let id = draft(&author, &case_fields("Original title")).await;
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    let token = author.get(&format!("/cases/{id}/edit")).await.csrf();
    let fields = with(case_fields("Corrected title"), "csrf_token", &token);
    let all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        author
            .post_raw(&format!("/cases/{id}/edit"), &all)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let revisions = author.get(&format!("/cases/{id}/revisions")).await;
    assert_eq!(revisions.status, StatusCode::OK);
    assert!(revisions.has("Original title") && revisions.has("Corrected title"));
    assert!(
        moderator
            .get(&format!("/cases/{id}/revisions"))
            .await
            .has("Original title")
    );
    assert_eq!(
        peer.get(&format!("/cases/{id}/revisions")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        peer.get(&format!("/cases/{id}/edit")).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn bad_case_input_is_refused_and_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let empty = post_case(&author, &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Enter a title",
        "Choose at least one topic",
        "Enter the date it happened",
    ] {
        assert!(empty.has(message), "{message}");
    }
    let future = post_case(
        &author,
        &with(case_fields("Kept title"), "occurred_on", "2999-01-01"),
    )
    .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.has("cannot be in the future"));
    assert_eq!(
        future.input_value("title").as_deref(),
        Some("Kept title"),
        "input is kept"
    );
    let unknown = post_case(&author, &with(case_fields("Kept title"), "tlp", "purple")).await;
    assert!(unknown.has("Choose a sensitivity level from the list"));
    let huge = post_case(
        &author,
        &with(
            case_fields("Kept title"),
            "narrative",
            &"x".repeat(101 * 1024),
        ),
    )
    .await;
    assert_eq!(huge.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(huge.has("100 KB"));
    let sql = post_case(
        &author,
        &with(
            case_fields("'; DROP TABLE cases; --"),
            "summary",
            "\" OR 1=1 --",
        ),
    )
    .await;
    assert_eq!(sql.status, StatusCode::SEE_OTHER);
    assert!(
        author
            .get("/cases?q=%27%3B+DROP+TABLE")
            .await
            .status
            .is_success()
    );
    for q in ["\"", "NEAR(", "*", "-tibet", "((", "!!!", "a AND OR NOT"] {
        let page = author
            .get(&format!(
                "/cases?q={}",
                url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK, "search for {q:?}");
    }
    assert_eq!(
        author.get("/cases?topic=atlantis").await.status,
        StatusCode::BAD_REQUEST
    );
    // A visitor cannot write.
    let visitor = app.client.fresh().get("/cases/new").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
}

async fn three_cities_with_one_counterpart_raise_one_alert(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let mut counterpart_id = String::new();
    for (i, (name, city, country)) in [
        ("Anna Berg", "Uppsala", "SE"),
        ("Rui Costa", "Porto", "PT"),
        ("Karel Dvorak", "Brno", "CZ"),
    ]
    .into_iter()
    .enumerate()
    {
        let author = member_in(&app, name, city, country, Role::Member).await;
        let mut fields = with(
            case_fields(&format!("Embassy letter {i}")),
            "occurred_on",
            &format!("2024-03-0{}", i + 1),
        );
        if !counterpart_id.is_empty() {
            fields = with(fields, "counterpart_id", &counterpart_id);
        }
        let id = draft(&author, &fields).await;
        if counterpart_id.is_empty() {
            let page = author.get(&format!("/cases/{id}")).await;
            let start = page
                .body
                .find("/counterparts/")
                .expect("the case links its counterpart")
                + "/counterparts/".len();
            counterpart_id = page.body[start..].split('"').next().unwrap().to_owned();
        }
        submit(&author, &id).await;
        publish(&moderator, &id).await;
        let alerts = moderator.get("/moderation").await;
        assert_eq!(
            alerts.has("3 cities reported cases involving Embassy of the PRC in Sweden"),
            i == 2,
            "after case {i}"
        );
    }
    let counterpart = moderator
        .get(&format!("/counterparts/{counterpart_id}"))
        .await;
    assert!(counterpart.has("Pattern alert") && counterpart.has("3 cases you can read"));
    let for_member = peer.get(&format!("/counterparts/{counterpart_id}")).await;
    assert!(for_member.has("3 cases you can read") && !for_member.has("Pattern alert"));
    // One alert per pattern, however many cases complete it.
    use diesel::prelude::*;
    use twinwise::db::schema::pattern_alerts::dsl;
    let counterpart_alerts: i64 = dsl::pattern_alerts
        .filter(dsl::kind.eq("counterpart"))
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(counterpart_alerts, 1);
    assert_eq!(
        app.client
            .fresh()
            .get("/counterparts/not-an-id")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn moderators_settle_flags_and_can_hide_a_comment(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let id = draft(&author, &case_fields("A flagged case")).await;
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    let page = format!("/cases/{id}");
    peer.submit(
        &page,
        &format!("/cases/{id}/comments"),
        &[("body", "An insulting remark")],
    )
    .await;
    let comment_id = {
        let shown = author.get(&page).await;
        let start = shown.body.find("id=\"comment-").unwrap() + "id=\"comment-".len();
        shown.body[start..].split('"').next().unwrap().to_owned()
    };
    author
        .submit(
            &page,
            &format!("/cases/{id}/flag"),
            &[("comment_id", &comment_id), ("reason", "Insulting")],
        )
        .await;
    author
        .submit(
            &page,
            &format!("/cases/{id}/flag"),
            &[("reason", "Names a person")],
        )
        .await;
    // A comment id from another case is refused.
    let wrong = author
        .submit(
            &page,
            &format!("/cases/{id}/flag"),
            &[("comment_id", "not-a-comment"), ("reason", "x")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);

    assert_eq!(
        peer.get("/moderation/flags").await.status,
        StatusCode::FORBIDDEN
    );
    let queue = moderator.get("/moderation/flags").await;
    assert!(
        queue.has("Insulting") && queue.has("An insulting remark") && queue.has("Names a person")
    );
    let flag_ids: Vec<String> = queue
        .body
        .match_indices("/moderation/flags/")
        .map(|(i, _)| queue.body[i + 18..].split('/').next().unwrap().to_owned())
        .collect();
    let hide = queue
        .body
        .find("/hide\"")
        .map(|i| queue.body[..i].rsplit('/').next().unwrap().to_owned())
        .unwrap();
    let hidden = moderator
        .submit(
            "/moderation/flags",
            &format!("/moderation/flags/{hide}/hide"),
            &[],
        )
        .await;
    assert!(moderator.follow(&hidden).await.has("The comment is hidden"));
    assert!(!peer.get(&page).await.has("An insulting remark"));
    let other = flag_ids.iter().find(|f| **f != hide).unwrap();
    let dismissed = moderator
        .submit(
            "/moderation/flags",
            &format!("/moderation/flags/{other}/dismiss"),
            &[],
        )
        .await;
    assert!(moderator.follow(&dismissed).await.has("No open flags"));
    let actions: Vec<String> = {
        use diesel::prelude::*;
        use twinwise::db::schema::audit_log::dsl;
        dsl::audit_log
            .filter(dsl::action.ne_all(["sign_in", "sign_in_failed"]))
            .select(dsl::action)
            .load(&mut *app.db.get().unwrap())
            .unwrap()
    };
    for action in ["publish_case", "hide_comment", "dismiss_flag"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
}

async fn a_member_writing_in_a_burst_is_slowed_down(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let id = draft(&author, &case_fields("Partner city suspends exchanges")).await;
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    let page = format!("/cases/{id}");
    let token = peer.get(&page).await.csrf();
    let comment = |n: usize| {
        let (peer, token, path) = (peer.clone(), token.clone(), format!("{page}/comments"));
        async move {
            let body = format!("Comment number {n}");
            peer.post_raw(&path, &[("body", body.as_str()), ("csrf_token", &token)])
                .await
        }
    };
    // Sixty writes a minute pass; the next is refused with a clear page and saves nothing.
    for n in 1..=60 {
        assert_eq!(
            comment(n).await.status,
            StatusCode::SEE_OTHER,
            "comment {n}"
        );
    }
    let refused = comment(61).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.has("faster than Twinwise accepts"),
        "{}",
        refused.body
    );
    let shown = peer.get(&page).await;
    assert!(!shown.has("Comment number 61"));
    // Every kind of write shares the budget; other members and signing out are unaffected.
    let flag = peer
        .post_raw(
            &format!("{page}/flag"),
            &[("reason", "spam"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(flag.status, StatusCode::TOO_MANY_REQUESTS);
    let other = author
        .submit(
            &page,
            &format!("{page}/comments"),
            &[("body", "The author still writes.")],
        )
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
    assert_eq!(peer.logout().await.status, StatusCode::SEE_OTHER);
}

/// Saves the author's edit of a case with these fields; returns the page it redirects to.
async fn edit_case(client: &Client, id: &str, fields: Vec<(String, String)>) -> common::Page {
    let token = client.get(&format!("/cases/{id}/edit")).await.csrf();
    let fields = with(fields, "csrf_token", &token);
    let all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = client.post_raw(&format!("/cases/{id}/edit"), &all).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    client.follow(&saved).await
}

fn audit_actions(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use twinwise::db::schema::audit_log::dsl;
    dsl::audit_log
        .filter(dsl::action.ne_all(["sign_in", "sign_in_failed"]))
        .select(dsl::action)
        .load(&mut *app.db.get().unwrap())
        .unwrap()
}

/// Lowering a RED case to CLEAR is a proposal: the case stays RED on the page, the list,
/// search and the feed until a moderator accepts it; a return carries a note (not quoted by
/// mail, the case being RED) and leaves the case as it was.
async fn widening_edits_wait_for_a_moderator(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();
    let red = with(case_fields("Consulate letter"), "tlp", "red");
    let id = draft(&author, &red).await;
    let flag = author
        .submit(
            &format!("/cases/{id}"),
            &format!("/cases/{id}/flag"),
            &[("reason", "Flagging a draft")],
        )
        .await;
    assert!(author.follow(&flag).await.has("not published yet"));
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    let page = format!("/cases/{id}");

    let revised = with(case_fields("Consulate letter, revised"), "tlp", "clear");
    let saved = edit_case(&author, &id, revised.clone()).await;
    assert!(saved.has("waits for a moderator"), "{}", saved.body);
    assert!(saved.has("Lowers the level from TLP:RED to TLP:CLEAR"));
    assert!(saved.has("Consulate letter") && !saved.has("Consulate letter, revised"));
    for (who, client) in [("member", &peer), ("visitor", &visitor)] {
        assert_eq!(
            client.get(&page).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        assert!(!client.get("/cases").await.has("Consulate letter"), "{who}");
        assert!(
            !client.get("/cases?q=revised").await.has("Consulate letter"),
            "{who}"
        );
    }
    assert!(
        !visitor
            .get("/cases/feed.atom")
            .await
            .has("Consulate letter")
    );
    // The form holds the proposal for the author to refine.
    assert!(
        author
            .get(&format!("{page}/edit"))
            .await
            .has("Consulate letter, revised")
    );

    let queue = moderator.get("/moderation/changes").await;
    assert!(queue.has("Consulate letter") && queue.has("Lowers the level"));
    let review = moderator.get(&format!("/moderation/changes/{id}")).await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.has("<ins>TLP:CLEAR</ins>") && review.has("<del>TLP:RED</del>"));
    assert!(
        review.has("<ins>revised</ins>") || review.has("<ins>revised"),
        "{}",
        review.body
    );
    assert_eq!(
        peer.get(&format!("/moderation/changes/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
    let empty = moderator
        .submit(
            &format!("/moderation/changes/{id}"),
            &format!("/moderation/changes/{id}/return"),
            &[("note", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let returned = moderator
        .submit(
            &format!("/moderation/changes/{id}"),
            &format!("/moderation/changes/{id}/return"),
            &[("note", "Keep it within the network for now.")],
        )
        .await;
    assert!(
        moderator
            .follow(&returned)
            .await
            .has("returned to its author")
    );
    let mail = app
        .mail_to("anna.berg@uppsala.example", "change to a case was returned")
        .await;
    assert!(!mail.text.contains("Keep it within") && !mail.text.contains("Consulate letter"));
    assert!(
        author
            .get(&page)
            .await
            .has("Keep it within the network for now.")
    );
    assert_eq!(peer.get(&page).await.status, StatusCode::NOT_FOUND);

    // Sent again, at GREEN, and accepted: now members read the new version.
    let green = with(case_fields("Consulate letter, revised"), "tlp", "green");
    assert!(
        edit_case(&author, &id, green)
            .await
            .has("waits for a moderator")
    );
    let accepted = moderator
        .submit(
            &format!("/moderation/changes/{id}"),
            &format!("/moderation/changes/{id}/accept"),
            &[],
        )
        .await;
    assert!(moderator.follow(&accepted).await.has("was accepted"));
    assert!(peer.get(&page).await.has("Consulate letter, revised"));
    assert_eq!(visitor.get(&page).await.status, StatusCode::NOT_FOUND);
    assert!(
        moderator
            .get("/moderation/changes")
            .await
            .has("No change is waiting")
    );
    app.mail_to("anna.berg@uppsala.example", "change to a case was accepted")
        .await;
    let actions = audit_actions(&app);
    for action in ["return_case_change", "accept_case_change"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
}

/// On a case that hides its city, narrowing the audience applies at once while new text and
/// new timeline entries wait for the redaction check.
async fn narrowing_applies_at_once_and_new_text_is_checked(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let swede = member_in(&app, "Sven Ek", "Lund", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let hidden = with(case_fields("Partner city letter"), "anonymity", "city");
    let id = draft(&author, &hidden).await;
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    let page = format!("/cases/{id}");
    assert_eq!(peer.get(&page).await.status, StatusCode::OK);

    let proposal = with(
        with(with(hidden.clone(), "tlp", "amber"), "audience", "SE"),
        "narrative",
        "The Uppsala council answered in writing.",
    );
    let saved = edit_case(&author, &id, proposal).await;
    assert!(saved.has("narrowed at once") && saved.has("waits for a moderator"));
    assert_eq!(
        peer.get(&page).await.status,
        StatusCode::NOT_FOUND,
        "narrowed now"
    );
    let read = swede.get(&page).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.has("Uppsala council"), "the new text waits");

    let entry = author
        .submit(
            &page,
            &format!("{page}/timeline"),
            &[
                ("occurred_on", "2024-03-09"),
                ("body", "Met the Uppsala mayor."),
            ],
        )
        .await;
    assert!(author.follow(&entry).await.has("waits for a moderator"));
    assert!(!swede.get(&page).await.has("Met the Uppsala mayor."));
    let review = moderator.get(&format!("/moderation/changes/{id}")).await;
    assert!(review.has("<mark>Uppsala</mark>"), "{}", review.body);
    assert!(review.has("New timeline entr"));
    moderator
        .submit(
            &format!("/moderation/changes/{id}"),
            &format!("/moderation/changes/{id}/accept"),
            &[],
        )
        .await;
    let read = swede.get(&page).await;
    assert!(read.has("Uppsala council") && read.has("Met the Uppsala mayor."));
    assert_eq!(peer.get(&page).await.status, StatusCode::NOT_FOUND);
}

/// A comment written while a case was AMBER for Sweden stays with Swedish readers after the
/// case is opened to every member; one written while the city showed stays away from readers
/// once it is hidden.
async fn comments_reach_only_readers_of_the_case_when_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let swede = member_in(&app, "Sven Ek", "Lund", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let amber = with(
        with(case_fields("Embassy call"), "tlp", "amber"),
        "audience",
        "SE",
    );
    let id = draft(&author, &amber).await;
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    let page = format!("/cases/{id}");
    swede
        .submit(
            &page,
            &format!("{page}/comments"),
            &[("body", "Only for Swedish eyes.")],
        )
        .await;
    edit_case(&author, &id, case_fields("Embassy call")).await;
    moderator
        .submit(
            &format!("/moderation/changes/{id}"),
            &format!("/moderation/changes/{id}/accept"),
            &[],
        )
        .await;
    let read = peer.get(&page).await;
    assert_eq!(read.status, StatusCode::OK, "GREEN now");
    assert!(!read.has("Only for Swedish eyes."));
    assert!(swede.get(&page).await.has("Only for Swedish eyes."));
    assert!(moderator.get(&page).await.has("Only for Swedish eyes."));
    peer.submit(
        &page,
        &format!("{page}/comments"),
        &[("body", "Greetings to Uppsala.")],
    )
    .await;
    assert!(swede.get(&page).await.has("Greetings to Uppsala."));
    // Hiding the city applies at once; the comment that may name it goes with it.
    let hidden = with(case_fields("Embassy call"), "anonymity", "city");
    assert!(
        edit_case(&author, &id, hidden)
            .await
            .has("Your changes are saved")
    );
    assert!(!swede.get(&page).await.has("Greetings to Uppsala."));
    assert!(moderator.get(&page).await.has("Greetings to Uppsala."));
}

/// An AMBER case that hides its country tells its author, on the form, what the audience
/// still says: with one country, readers can tell it is the author's.
async fn amber_cases_that_hide_their_country_warn_on_the_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    assert!(
        author
            .get("/cases/new")
            .await
            .has("to hide your country, share it with several")
    );
    let hidden = with(
        with(
            with(case_fields("Quiet letter"), "tlp", "amber"),
            "anonymity",
            "city_and_country",
        ),
        "audience",
        "SE",
    );
    let id = draft(&author, &hidden).await;
    let form = author.get(&format!("/cases/{id}/edit")).await;
    assert!(
        form.has("its readers can tell that country is yours"),
        "{}",
        form.body
    );
    let shown = with(hidden, "anonymity", "city");
    edit_case(&author, &id, shown).await;
    assert!(
        !author
            .get(&format!("/cases/{id}/edit"))
            .await
            .has("its readers can tell")
    );
}

/// 120 comments: 50 to a page, with page links, and an empty page past the end.
async fn long_discussions_are_paginated(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let id = draft(&author, &case_fields("A long discussion")).await;
    submit(&author, &id).await;
    publish(&moderator, &id).await;
    {
        let mut conn = app.db.get().unwrap();
        let row = twinwise::db::users::find_by_email(&mut conn, "anna.berg@uppsala.example")
            .unwrap()
            .unwrap();
        let writer = twinwise::db::users::member(&mut conn, &row.id)
            .unwrap()
            .unwrap();
        for n in 1..=120 {
            twinwise::cases::discussion::add_comment(
                &mut conn,
                &writer,
                &id,
                &format!("Comment number {n:03}."),
            )
            .unwrap();
        }
    }
    let first = author.get(&format!("/cases/{id}")).await;
    assert!(
        first.has("120 comments")
            && first.has("Comment number 050.")
            && !first.has("Comment number 051.")
    );
    assert!(first.has(&format!("/cases/{id}?page=2")));
    let last = author.get(&format!("/cases/{id}?page=3")).await;
    assert!(
        last.has("Comment number 101.")
            && last.has("Comment number 120.")
            && !last.has("Comment number 100.")
    );
    let past = author.get(&format!("/cases/{id}?page=9")).await;
    assert!(past.has("No comments on this page"));
}

backend_tests!(
    a_member_writing_in_a_burst_is_slowed_down,
    moderators_settle_flags_and_can_hide_a_comment,
    three_cities_with_one_counterpart_raise_one_alert,
    written_case_is_reviewed_published_and_found,
    returned_case_carries_the_reason_to_its_author,
    anonymised_case_hides_its_city_from_other_members,
    amber_and_red_cases_reach_only_their_audience,
    discussion_timeline_and_faced_marks,
    published_edits_keep_revisions,
    bad_case_input_is_refused_and_kept,
    widening_edits_wait_for_a_moderator,
    narrowing_applies_at_once_and_new_text_is_checked,
    comments_reach_only_readers_of_the_case_when_written,
    long_discussions_are_paginated,
    amber_cases_that_hide_their_country_warn_on_the_form,
);
