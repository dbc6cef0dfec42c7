//! Roles and account states, stored as text.

use super::enums::text_enum;

/// What an account may do. Ordered: each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Member,
    Moderator,
    Admin,
}

/// Where an account stands in its life: approval, then active use, possibly suspension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    /// Registered; waiting for email verification and/or a moderator's approval.
    Pending,
    Active,
    Rejected,
    Suspended,
}

text_enum!(Role {
    Member => "member", "Member",
    Moderator => "moderator", "Moderator",
    Admin => "admin", "Admin",
});

text_enum!(AccountStatus {
    Pending => "pending", "Awaiting approval",
    Active => "active", "Active",
    Rejected => "rejected", "Rejected",
    Suspended => "suspended", "Suspended",
});

impl Role {
    /// Moderators and admins run the queues.
    pub fn can_moderate(self) -> bool {
        self >= Role::Moderator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_stored_text() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        for status in AccountStatus::ALL {
            assert_eq!(AccountStatus::parse(status.as_str()), Ok(*status));
        }
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn admins_and_moderators_moderate() {
        assert!(!Role::Member.can_moderate());
        assert!(Role::Moderator.can_moderate());
        assert!(Role::Admin.can_moderate());
    }
}
