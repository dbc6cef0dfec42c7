//! HTTP handlers, one module per site section, each with its page structs.

pub mod accounts;
pub mod admin;
pub mod agreements;
pub mod assets;
pub mod calendar;
pub mod cases;
pub mod counterparts;
pub mod fallback;
pub mod health;
pub mod home;
pub mod moderation;
pub mod notifications;
pub mod partnerships;
pub mod playbooks;
pub mod rules;
pub mod search;
pub mod stats;

use actix_web::web;

/// Registers every route that runs behind sessions and flash messages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").get(home::show));
    accounts::configure(cfg);
    calendar::configure(cfg);
    // Before `/cases/{id}` would swallow `/cases/new`: resources match in order.
    cases::configure(cfg);
    playbooks::configure(cfg);
    counterparts::configure(cfg);
    partnerships::configure(cfg);
    agreements::configure(cfg);
    rules::configure(cfg);
    moderation::configure(cfg);
    notifications::configure(cfg);
    admin::configure(cfg);
    search::configure(cfg);
    stats::configure(cfg);
    cfg.default_service(web::to(fallback::not_found));
}
