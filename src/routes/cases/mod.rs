//! Case pages: the list, the form, the case page with its discussion, and the moderators'
//! review.

pub mod changes;
pub mod export;
pub mod feed;
pub mod filters;
pub mod form;
pub mod list;
pub mod review;
pub mod show;

use actix_web::web;

/// Registers the case routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/cases").get(list::list))
        .service(
            web::resource("/cases/new")
                .get(form::new)
                .post(form::create),
        )
        // Before `/cases/{id}`, which would take them for case ids.
        .service(web::resource("/cases/export.csv").get(export::csv))
        .service(web::resource("/cases/export.json").get(export::json))
        .service(web::resource("/cases/feed.atom").get(feed::feed))
        .service(web::resource("/cases/{id}").get(show::show))
        .service(
            web::resource("/cases/{id}/edit")
                .get(form::edit)
                .post(form::update),
        )
        .service(web::resource("/cases/{id}/submit").post(show::submit))
        .service(web::resource("/cases/{id}/timeline").post(show::add_timeline))
        .service(web::resource("/cases/{id}/comments").post(show::add_comment))
        .service(web::resource("/cases/{id}/faced").post(show::faced))
        .service(web::resource("/cases/{id}/flag").post(show::flag))
        .service(web::resource("/cases/{id}/change/withdraw").post(show::withdraw_change))
        .service(web::resource("/cases/{id}/revisions").get(show::revisions))
        .service(web::resource("/moderation/cases").get(review::queue))
        .service(web::resource("/moderation/cases/{id}").get(review::review))
        .service(web::resource("/moderation/cases/{id}/publish").post(review::publish))
        .service(web::resource("/moderation/cases/{id}/return").post(review::return_case))
        .service(web::resource("/moderation/changes").get(changes::queue))
        .service(web::resource("/moderation/changes/{id}").get(changes::review))
        .service(web::resource("/moderation/changes/{id}/accept").post(changes::accept))
        .service(web::resource("/moderation/changes/{id}/return").post(changes::return_change));
}
