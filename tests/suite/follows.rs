//! Follows and notifications: following a topic and a case from their pages' buttons, the
//! fan-out of a published case and of comments (collapsed per case), the unread count in the
//! navigation, marking read, the policy at fan-out and at display, and bad follow input.
//! Both backends.

use std::time::{Duration, Instant};

use crate::cases::{case_fields, draft, member_in, publish, submit, with};
use crate::common;

use common::{Backend, Client, Page, TestApp, spawn_app};
use reqwest::StatusCode;
use twinwise::domain::Role;

/// Follows something through the form the follow buttons send.
async fn follow(client: &Client, from: &str, kind: &str, target: &str) -> Page {
    let page = client
        .submit(
            from,
            "/follows",
            &[("kind", kind), ("target", target), ("back", from)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    client.follow(&page).await
}

/// Reads `/notifications` until `ready` holds (the worker fans events out in the
/// background), failing after a few seconds.
async fn notifications_until(client: &Client, ready: impl Fn(&Page) -> bool) -> Page {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = client.get("/notifications").await;
        assert_eq!(page.status, StatusCode::OK);
        if ready(&page) {
            return page;
        }
        assert!(
            Instant::now() < deadline,
            "notifications never arrived:\n{}",
            page.body
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The unread count the navigation shows, 0 when it shows none.
fn badge(page: &Page) -> u32 {
    page.texts(".count-badge")
        .first()
        .and_then(|t| t.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// A published case on Taiwan at `level`, by `author`.
async fn published_case(author: &Client, moderator: &Client, title: &str, level: &str) -> String {
    let fields = with(case_fields(title), "tlp", level);
    let id = draft(author, &fields).await;
    submit(author, &id).await;
    publish(moderator, &id).await;
    id
}

async fn a_followed_topic_brings_new_cases_and_comments_collapse(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Ada Author", "Brno", "CZ", Role::Member).await;
    let follower = member_in(&app, "Fay Follower", "Lyon", "FR", Role::Member).await;
    let other = member_in(&app, "Olga Other", "Graz", "AT", Role::Member).await;
    let moderator = member_in(&app, "Mo Moderator", "Vienna", "AT", Role::Moderator).await;

    // Nothing followed yet: the empty states say what to do.
    assert!(
        follower
            .get("/account/notifications")
            .await
            .has("You follow nothing yet")
    );
    assert!(
        follower
            .get("/notifications")
            .await
            .has("No notifications yet")
    );

    // The case list filtered on a topic offers to follow it, and then to stop.
    let list = follower.get("/cases?topic=taiwan").await;
    assert!(list.has("Follow this topic (Taiwan)"), "{}", list.body);
    let followed = follow(&follower, "/cases?topic=taiwan", "topic", "taiwan").await;
    assert!(followed.has("You follow this topic"), "{}", followed.body);
    assert!(
        followed.has("Following this topic (Taiwan)"),
        "{}",
        followed.body
    );
    let again = follow(&follower, "/cases?topic=taiwan", "topic", "taiwan").await;
    assert!(again.has("You already follow this topic"));
    assert!(follower.get("/account/notifications").await.has("Taiwan"));

    let id = published_case(&author, &moderator, "Zqfollow exhibition letter", "green").await;
    // (The count is read before the list, so the two can differ for one request.)
    let page = notifications_until(&follower, |p| {
        p.has("Zqfollow exhibition letter") && badge(p) == 1
    })
    .await;
    assert!(page.has("A new case matches what you follow"));
    // The author is not told of their own case this way.
    assert_eq!(badge(&author.get("/notifications").await), 0);

    // Follow the case from its page's button; the button then offers to stop.
    let case_page = format!("/cases/{id}");
    let on = follow(&follower, &case_page, "case", &id).await;
    assert!(on.has("You follow this case"));
    assert!(on.has("Following this case"));

    // Three comments by two others: one notification for the follower, one for the author,
    // none for the commenters about their own comments.
    for (who, text) in [
        (&other, "We had the same letter."),
        (&moderator, "Thank you for writing this up."),
        (&other, "And a second one a month later."),
    ] {
        let posted = who
            .submit(
                &case_page,
                &format!("{case_page}/comments"),
                &[("body", text)],
            )
            .await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    }
    // Each comment is fanned out on its own: wait for the third.
    let page = notifications_until(&follower, |p| p.has("(3)") && badge(p) == 2).await;
    assert!(page.has("New comments on"), "{}", page.body);
    let author_page = notifications_until(&author, |p| p.has("(3)")).await;
    assert!(author_page.has("New comments on"), "{}", author_page.body);
    let other_page = other.get("/notifications").await;
    assert!(!other_page.has("New comments on"), "{}", other_page.body);

    // Mark all read: the badge goes; the next comment starts a new notification.
    let read = follower
        .submit("/notifications", "/notifications/read-all", &[])
        .await;
    let read = follower.follow(&read).await;
    assert!(read.has("2 notifications marked read"), "{}", read.body);
    assert_eq!(badge(&read), 0);
    other
        .submit(
            &case_page,
            &format!("{case_page}/comments"),
            &[("body", "A third.")],
        )
        .await;
    notifications_until(&follower, |p| p.has("A new comment on") && badge(p) == 1).await;

    // Stop following the case from the list of follows.
    let stopped = follower
        .submit(
            "/account/notifications",
            "/follows/stop",
            &[
                ("kind", "case"),
                ("target", &id),
                ("back", "/account/notifications"),
            ],
        )
        .await;
    assert!(
        follower
            .follow(&stopped)
            .await
            .has("You no longer follow this case")
    );
}

async fn only_readers_are_told_and_what_they_can_no_longer_read_shows_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Ada Author", "Brno", "CZ", Role::Member).await;
    let member = member_in(&app, "Fay Follower", "Lyon", "FR", Role::Member).await;
    let moderator = member_in(&app, "Mo Moderator", "Vienna", "AT", Role::Moderator).await;
    for client in [&member, &moderator] {
        follow(client, "/cases?topic=taiwan", "topic", "taiwan").await;
    }
    published_case(&author, &moderator, "Zqred visit threat", "red").await;
    // The moderator may read RED and is told; once that has happened the fan-out of this
    // event is done, and the member, who may not read it, was not told.
    notifications_until(&moderator, |p| p.has("Zqred visit threat")).await;
    let page = member.get("/notifications").await;
    assert!(!page.has("Zqred"), "{}", page.body);
    assert_eq!(badge(&page), 0);

    // A GREEN case the member was told about, raised to RED afterwards, shows nothing of
    // itself any more.
    let id = published_case(&author, &moderator, "Zqgreen then red", "green").await;
    notifications_until(&member, |p| p.has("Zqgreen then red")).await;
    let mut conn = app.db.get().unwrap();
    raise_to_red(&mut conn, &id);
    let page = member.get("/notifications").await;
    assert!(!page.has("Zqgreen then red"), "{}", page.body);
    assert!(page.has("an item you can no longer read"), "{}", page.body);
}

/// Raises a case to RED behind the application's back (as a moderator's edit would).
fn raise_to_red(conn: &mut twinwise::db::DbConn, id: &str) {
    use diesel::prelude::*;
    use twinwise::db::schema::cases;
    diesel::update(cases::table.find(id))
        .set(cases::tlp.eq("red"))
        .execute(conn)
        .unwrap();
}

async fn bad_follows_are_refused_clearly_and_save_nothing(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    let member = member_in(&app, "Fay Follower", "Lyon", "FR", Role::Member).await;
    let from = "/account/notifications";
    for (kind, target, message) in [
        ("topic", "atlantis", "there is no such topic to follow"),
        ("user", "someone", "there is nothing of that kind to follow"),
        ("", "", "there is nothing of that kind to follow"),
        (
            "case",
            "<script>alert(1)</script>",
            "there is no such case to follow",
        ),
        ("case", "' OR '1'='1", "there is no such case to follow"),
        (
            "demand",
            &"x".repeat(10_000),
            "there is no such kind of demand to follow",
        ),
    ] {
        let page = member
            .submit(
                from,
                "/follows",
                &[("kind", kind), ("target", target), ("back", from)],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{kind} {target}");
        let shown = member.follow(&page).await;
        assert!(shown.has(message), "{kind}: {}", shown.body);
        assert!(!shown.has("<script>alert"), "{}", shown.body);
    }
    // A well-formed id of no case: the same 404 as the case's page.
    let missing = member
        .submit(
            from,
            "/follows",
            &[
                ("kind", "case"),
                ("target", "0190a1b2-aaaa-7bbb-8ccc-0123456789ab"),
            ],
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // So is an id of no playbook, counterpart or partnership: nothing is stored for it.
    for kind in ["playbook", "counterpart", "partnership"] {
        let none = member
            .submit(
                from,
                "/follows",
                &[
                    ("kind", kind),
                    ("target", "0190a1b2-aaaa-7bbb-8ccc-0123456789ab"),
                ],
            )
            .await;
        assert_eq!(none.status, StatusCode::NOT_FOUND, "{kind}");
    }
    // A "back" address off the site is not followed.
    let off_site = member
        .submit(
            from,
            "/follows",
            &[
                ("kind", "topic"),
                ("target", "tibet"),
                ("back", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(off_site.location.as_deref(), Some("/account/notifications"));
    // Without a CSRF token, nothing is saved.
    member
        .post_raw("/follows", &[("kind", "topic"), ("target", "xinjiang")])
        .await;
    let listed = member.get(from).await;
    assert!(listed.has("Tibet"));
    assert!(
        !listed.has("A playbook") && !listed.has("A counterpart"),
        "{}",
        listed.body
    );
    assert!(!listed.has("Xinjiang"), "{}", listed.body);
    // Visitors are sent to sign in.
    let visitor = app.client.fresh();
    assert_eq!(
        visitor.get("/notifications").await.status,
        StatusCode::SEE_OTHER
    );
}

backend_tests!(
    a_followed_topic_brings_new_cases_and_comments_collapse,
    only_readers_are_told_and_what_they_can_no_longer_read_shows_nothing,
    bad_follows_are_refused_clearly_and_save_nothing,
);
