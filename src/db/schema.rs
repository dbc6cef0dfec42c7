//! Table definitions shared by both backends (portable SQL types only).

diesel::table! {
    change_counters (name) {
        name -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    cities (id) {
        id -> Text,
        name -> Text,
        name_key -> Text,
        country_code -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        city_id -> Text,
        position -> Text,
        password_hash -> Text,
        role -> Text,
        status -> Text,
        email_verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        state -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        new_email -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        dedupe_key -> Text,
        to_address -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        list_unsubscribe -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        guard -> Nullable<Text>,
        fallback_subject -> Nullable<Text>,
        fallback_text -> Nullable<Text>,
        fallback_html -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        target_user_id -> Nullable<Text>,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    approved_domains (domain) {
        domain -> Text,
        added_by -> Nullable<Text>,
        created_at -> Timestamp,
        country_code -> Text,
    }
}

diesel::table! {
    rate_limit_events (id) {
        id -> Text,
        bucket -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    counterparts (id) {
        id -> Text,
        name -> Text,
        name_key -> Text,
        kind -> Text,
        country_code -> Text,
        city -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        is_public -> Bool,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        author_id -> Text,
        city_id -> Text,
        title -> Text,
        summary -> Text,
        narrative -> Text,
        narrative_html -> Text,
        counterpart_id -> Nullable<Text>,
        channel -> Text,
        response -> Text,
        outcome -> Text,
        lessons -> Text,
        occurred_on -> Date,
        tlp -> Text,
        anonymity -> Text,
        status -> Text,
        return_reason -> Nullable<Text>,
        faced_count -> Integer,
        comment_count -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        topic_mask -> BigInt,
        demand_mask -> BigInt,
    }
}

diesel::table! {
    case_topics (case_id, topic) {
        case_id -> Text,
        topic -> Text,
    }
}

diesel::table! {
    case_demands (case_id, demand) {
        case_id -> Text,
        demand -> Text,
    }
}

diesel::table! {
    case_audience (case_id, country_code) {
        case_id -> Text,
        country_code -> Text,
    }
}

diesel::table! {
    case_references (id) {
        id -> Text,
        case_id -> Text,
        position -> Integer,
        title -> Text,
        url -> Text,
    }
}

diesel::table! {
    case_timeline (id) {
        id -> Text,
        case_id -> Text,
        occurred_on -> Date,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    case_comments (id) {
        id -> Text,
        case_id -> Text,
        author_id -> Text,
        body -> Text,
        body_html -> Text,
        created_at -> Timestamp,
        hidden_at -> Nullable<Timestamp>,
        written_tlp -> Text,
        written_audience -> Text,
        written_anonymity -> Text,
    }
}

diesel::table! {
    case_changes (case_id) {
        case_id -> Text,
        editor_id -> Text,
        fields -> Nullable<Text>,
        timeline -> Text,
        widenings -> Text,
        status -> Text,
        note -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    case_faced (case_id, user_id) {
        case_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    case_revisions (id) {
        id -> Text,
        case_id -> Text,
        editor_id -> Nullable<Text>,
        snapshot -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    flags (id) {
        id -> Text,
        case_id -> Text,
        comment_id -> Nullable<Text>,
        reporter_id -> Text,
        reason -> Text,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Text>,
    }
}

diesel::table! {
    pattern_alerts (id) {
        id -> Text,
        pattern_key -> Text,
        kind -> Text,
        counterpart_id -> Nullable<Text>,
        topic -> Nullable<Text>,
        demand -> Nullable<Text>,
        city_count -> Integer,
        window_start -> Date,
        window_end -> Date,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        dismissed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    playbooks (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        summary -> Text,
        status -> Text,
        tlp -> Text,
        current_revision -> Integer,
        featured_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    playbook_topics (playbook_id, topic) {
        playbook_id -> Text,
        topic -> Text,
    }
}

diesel::table! {
    playbook_demands (playbook_id, demand) {
        playbook_id -> Text,
        demand -> Text,
    }
}

diesel::table! {
    playbook_audience (playbook_id, country_code) {
        playbook_id -> Text,
        country_code -> Text,
    }
}

diesel::table! {
    playbook_revisions (id) {
        id -> Text,
        playbook_id -> Text,
        number -> Integer,
        author_id -> Text,
        credited_id -> Nullable<Text>,
        restored_from -> Nullable<Integer>,
        note -> Text,
        content -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    playbook_suggestions (id) {
        id -> Text,
        playbook_id -> Text,
        author_id -> Text,
        base_revision -> Integer,
        note -> Text,
        content -> Text,
        status -> Text,
        decided_by -> Nullable<Text>,
        decision_note -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        accepted_revision -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    playbook_uses (case_id, playbook_id) {
        case_id -> Text,
        playbook_id -> Text,
        outcome -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partnerships (id) {
        id -> Text,
        city_id -> Text,
        counterpart_city -> Text,
        counterpart_province -> Text,
        counterpart_country -> Text,
        kind -> Text,
        since -> Text,
        status -> Text,
        status_on -> Text,
        status_reason -> Text,
        case_id -> Nullable<Text>,
        sources -> Text,
        tlp -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    partnership_audience (partnership_id, country_code) {
        partnership_id -> Text,
        country_code -> Text,
    }
}

diesel::table! {
    agreements (id) {
        id -> Text,
        city_id -> Text,
        partnership_id -> Nullable<Text>,
        title -> Text,
        kind -> Text,
        status -> Text,
        signed_on -> Nullable<Date>,
        effective_on -> Nullable<Date>,
        term -> Text,
        renewal -> Text,
        notice -> Text,
        reminder_days -> Text,
        renews_on -> Nullable<Date>,
        notice_by -> Nullable<Date>,
        tlp -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agreement_audience (agreement_id, country_code) {
        agreement_id -> Text,
        country_code -> Text,
    }
}

diesel::table! {
    agreement_texts (id) {
        id -> Text,
        agreement_id -> Text,
        language -> Text,
        version -> Integer,
        source -> Text,
        body -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_clauses (id) {
        id -> Text,
        text_id -> Text,
        position -> Integer,
        kind -> Text,
        number -> Nullable<Text>,
        title -> Nullable<Text>,
        body -> Text,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_annotations (id) {
        id -> Text,
        agreement_id -> Text,
        clause_id -> Text,
        author_id -> Text,
        concern -> Text,
        body -> Text,
        city_only -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rules (id) {
        id -> Text,
        category -> Text,
        severity -> Text,
        title -> Text,
        guidance -> Text,
        alternative -> Text,
        patterns -> Text,
        unless_patterns -> Text,
        must_match -> Text,
        must_not_match -> Text,
        case_ids -> Text,
        playbook_slugs -> Text,
        revision -> Integer,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    rule_revisions (rule_id, revision) {
        rule_id -> Text,
        revision -> Integer,
        content -> Text,
        note -> Text,
        author_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    jobs (name) {
        name -> Text,
        due_at -> Timestamp,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        last_started_at -> Nullable<Timestamp>,
        last_finished_at -> Nullable<Timestamp>,
        last_outcome -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_reminders (agreement_id, deadline, lead_days) {
        agreement_id -> Text,
        deadline -> Date,
        lead_days -> Integer,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follows (user_id, kind, target) {
        user_id -> Text,
        kind -> Text,
        target -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        kind -> Text,
        subject_id -> Text,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
        done_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        subject_id -> Text,
        group_key -> Text,
        events -> Integer,
        first_at -> Timestamp,
        last_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(users -> cities (city_id));
diesel::joinable!(follows -> users (user_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(cases -> cities (city_id));
diesel::joinable!(cases -> counterparts (counterpart_id));
diesel::joinable!(case_topics -> cases (case_id));
diesel::joinable!(case_demands -> cases (case_id));
diesel::joinable!(case_audience -> cases (case_id));
diesel::joinable!(case_references -> cases (case_id));
diesel::joinable!(case_timeline -> cases (case_id));
diesel::joinable!(case_comments -> cases (case_id));
diesel::joinable!(case_changes -> cases (case_id));
diesel::joinable!(case_faced -> cases (case_id));
diesel::joinable!(case_revisions -> cases (case_id));
diesel::joinable!(pattern_alerts -> counterparts (counterpart_id));
diesel::joinable!(playbook_topics -> playbooks (playbook_id));
diesel::joinable!(playbook_demands -> playbooks (playbook_id));
diesel::joinable!(playbook_audience -> playbooks (playbook_id));
diesel::joinable!(playbook_revisions -> playbooks (playbook_id));
diesel::joinable!(playbook_suggestions -> playbooks (playbook_id));
diesel::joinable!(playbook_uses -> playbooks (playbook_id));
diesel::joinable!(playbook_uses -> cases (case_id));
diesel::joinable!(partnerships -> cities (city_id));
diesel::joinable!(partnership_audience -> partnerships (partnership_id));
diesel::joinable!(agreements -> cities (city_id));
diesel::joinable!(agreements -> partnerships (partnership_id));
diesel::joinable!(agreement_audience -> agreements (agreement_id));
diesel::joinable!(agreement_texts -> agreements (agreement_id));
diesel::joinable!(agreement_clauses -> agreement_texts (text_id));
diesel::joinable!(agreement_annotations -> agreement_clauses (clause_id));
diesel::joinable!(agreement_annotations -> users (author_id));
diesel::joinable!(rule_revisions -> rules (rule_id));

diesel::allow_tables_to_appear_in_same_query!(
    cities,
    users,
    sessions,
    email_tokens,
    outbox,
    audit_log,
    approved_domains,
    rate_limit_events,
    counterparts,
    cases,
    case_topics,
    case_demands,
    case_audience,
    case_references,
    case_timeline,
    case_comments,
    case_changes,
    case_faced,
    case_revisions,
    flags,
    pattern_alerts,
    playbooks,
    playbook_topics,
    playbook_demands,
    playbook_audience,
    playbook_revisions,
    playbook_suggestions,
    playbook_uses,
    partnerships,
    partnership_audience,
    agreements,
    agreement_audience,
    agreement_texts,
    agreement_clauses,
    agreement_annotations,
    rules,
    rule_revisions,
    jobs,
    agreement_reminders,
    calendar_feeds,
    follows,
    events,
    notifications,
);
