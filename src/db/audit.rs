//! The audit log: who approved, rejected, promoted or suspended whom, curated what, and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{audit_log, users};
use super::{DbConn, new_id, now};
use crate::domain::enums::text_enum;

/// An action worth a permanent record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ApproveMember,
    AutoApproveMember,
    RejectMember,
    ChangeRole,
    Suspend,
    Reinstate,
    AddApprovedDomain,
    RemoveApprovedDomain,
    CreateAdmin,
    PublishCase,
    ReturnCase,
    DismissFlag,
    HideComment,
    DismissAlert,
    ChangePlaybookStatus,
    FeaturePlaybook,
    RestorePlaybook,
    AcceptSuggestion,
    RejectSuggestion,
    SignIn,
    SignInFailed,
    ExportCases,
    SetCounterpartPublic,
    RenameCounterpart,
    MergeCounterparts,
    AcceptCaseChange,
    ReturnCaseChange,
    CorrectMemberPlace,
    SavePartnership,
    SaveAgreement,
    AddAgreementText,
    CorrectClauses,
    DeleteAnnotation,
    SaveRule,
}

text_enum!(Action {
    ApproveMember => "approve_member", "Approved member",
    AutoApproveMember => "auto_approve_member", "Approved member (email domain)",
    RejectMember => "reject_member", "Rejected member",
    ChangeRole => "change_role", "Changed role",
    Suspend => "suspend", "Suspended account",
    Reinstate => "reinstate", "Reinstated account",
    AddApprovedDomain => "add_approved_domain", "Added approved domain",
    RemoveApprovedDomain => "remove_approved_domain", "Removed approved domain",
    CreateAdmin => "create_admin", "Created admin (command line)",
    PublishCase => "publish_case", "Published case",
    ReturnCase => "return_case", "Returned case to its author",
    DismissFlag => "dismiss_flag", "Dismissed flag",
    HideComment => "hide_comment", "Hid comment",
    DismissAlert => "dismiss_alert", "Dismissed pattern alert",
    ChangePlaybookStatus => "change_playbook_status", "Changed playbook status",
    FeaturePlaybook => "feature_playbook", "Changed featured playbooks",
    RestorePlaybook => "restore_playbook", "Restored playbook revision",
    AcceptSuggestion => "accept_suggestion", "Accepted suggested edit",
    RejectSuggestion => "reject_suggestion", "Rejected suggested edit",
    SignIn => "sign_in", "Signed in",
    SignInFailed => "sign_in_failed", "Failed sign-in",
    ExportCases => "export_cases", "Exported cases",
    SetCounterpartPublic => "set_counterpart_public", "Changed whether a counterpart is public",
    RenameCounterpart => "rename_counterpart", "Renamed counterpart",
    MergeCounterparts => "merge_counterparts", "Merged duplicate counterparts",
    AcceptCaseChange => "accept_case_change", "Accepted a change to a published case",
    ReturnCaseChange => "return_case_change", "Returned a change to a published case",
    CorrectMemberPlace => "correct_member_place", "Corrected a member's city or country",
    SavePartnership => "save_partnership", "Saved a partnership",
    SaveAgreement => "save_agreement", "Saved an agreement's particulars",
    AddAgreementText => "add_agreement_text", "Added an agreement text",
    CorrectClauses => "correct_clauses", "Corrected an agreement's clauses",
    DeleteAnnotation => "delete_annotation", "Deleted an annotation",
    SaveRule => "save_rule", "Saved a rule of the library",
});

impl Action {
    /// The label of a stored action, for the log page.
    pub fn describe(stored: &str) -> &'static str {
        Action::parse(stored).map_or("Other", Action::label)
    }
}

/// Appends one entry.
pub fn record(
    conn: &mut DbConn,
    actor_id: Option<&str>,
    action: Action,
    target_user_id: Option<&str>,
    detail: &str,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(new_id()),
            audit_log::actor_id.eq(actor_id),
            audit_log::action.eq(action.as_str()),
            audit_log::target_user_id.eq(target_user_id),
            audit_log::detail.eq(detail),
            audit_log::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One entry with the people's names resolved.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: String,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub target_id: Option<String>,
    pub detail: String,
    pub created_at: NaiveDateTime,
}

/// The newest entries first, with the total count.
pub fn page(conn: &mut DbConn, offset: i64, limit: i64) -> QueryResult<(Vec<Entry>, i64)> {
    let (actors, targets) = diesel::alias!(users as actors, users as targets);
    let total = audit_log::table.count().get_result(conn)?;
    let rows = audit_log::table
        .left_join(actors.on(audit_log::actor_id.eq(actors.field(users::id).nullable())))
        .left_join(targets.on(audit_log::target_user_id.eq(targets.field(users::id).nullable())))
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((
            audit_log::action,
            actors.field(users::display_name).nullable(),
            targets.field(users::display_name).nullable(),
            audit_log::target_user_id,
            audit_log::detail,
            audit_log::created_at,
        ))
        .load::<(
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)?;
    let entries = rows
        .into_iter()
        .map(
            |(action, actor, target, target_id, detail, created_at)| Entry {
                action,
                actor,
                target,
                target_id,
                detail,
                created_at,
            },
        )
        .collect();
    Ok((entries, total))
}

/// Entries about one account, newest first (for tests and the user page).
pub fn actions_on(conn: &mut DbConn, target_user_id: &str) -> QueryResult<Vec<String>> {
    audit_log::table
        .filter(audit_log::target_user_id.eq(target_user_id))
        .order(audit_log::created_at.desc())
        .select(audit_log::action)
        .load(conn)
}
