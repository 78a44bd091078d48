//! Accounts: the roles of the office and the rules for user names and passwords.

use super::Problem;

/// What a user may do. Each step of the four-level review belongs to one role; the
/// administrator manages users and policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// 经办: registers talents, records the employer's submission, issues cards.
    Clerk,
    /// 初审: the department's first review.
    FirstReviewer,
    /// 复核: the third-party recheck.
    ThirdPartyReviewer,
    /// 审定: the zone management committee's approval.
    Committee,
    /// 管理员: users, policy, everything.
    Admin,
}

impl Role {
    /// Every role, in the order of the review chain.
    pub const ALL: [Role; 5] =
        [Role::Clerk, Role::FirstReviewer, Role::ThirdPartyReviewer, Role::Committee, Role::Admin];

    /// The code stored in the database and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::FirstReviewer => "first_reviewer",
            Role::ThirdPartyReviewer => "third_party",
            Role::Committee => "committee",
            Role::Admin => "admin",
        }
    }

    /// The role for a stored code or a command-line word (Chinese names accepted too).
    pub fn from_code(code: &str) -> Option<Role> {
        match code.trim() {
            "clerk" | "经办" => Some(Role::Clerk),
            "first_reviewer" | "reviewer" | "初审" => Some(Role::FirstReviewer),
            "third_party" | "recheck" | "复核" => Some(Role::ThirdPartyReviewer),
            "committee" | "审定" => Some(Role::Committee),
            "admin" | "administrator" | "管理员" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The i18n key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Clerk => "role.clerk",
            Role::FirstReviewer => "role.first_reviewer",
            Role::ThirdPartyReviewer => "role.third_party",
            Role::Committee => "role.committee",
            Role::Admin => "role.admin",
        }
    }

    /// Whether this role manages users and policy.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

/// Who is acting: every write records it in the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The user's row id.
    pub user_id: i64,
    /// The login name.
    pub username: String,
    /// The name shown in the window and in the audit log.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
}

/// Why a user name or password is not acceptable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The user name is empty.
    EmptyUsername,
    /// The user name has characters other than letters, digits, `.`, `_`, `-`, or is too long.
    BadUsername,
    /// The password is shorter than [`MIN_PASSWORD_CHARS`].
    PasswordTooShort,
    /// The password is longer than [`MAX_PASSWORD_CHARS`].
    PasswordTooLong,
    /// The two typed passwords differ.
    PasswordsDiffer,
}

impl Problem for AccountError {
    fn key(&self) -> &'static str {
        match self {
            AccountError::EmptyUsername => "account.empty_username",
            AccountError::BadUsername => "account.bad_username",
            AccountError::PasswordTooShort => "account.password_too_short",
            AccountError::PasswordTooLong => "account.password_too_long",
            AccountError::PasswordsDiffer => "account.passwords_differ",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            AccountError::PasswordTooShort => vec![("min", MIN_PASSWORD_CHARS.to_string())],
            AccountError::PasswordTooLong => vec![("max", MAX_PASSWORD_CHARS.to_string())],
            _ => Vec::new(),
        }
    }
}
crate::impl_problem_display!(AccountError);

/// The shortest password accepted (OWASP's minimum for single-factor logins).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password accepted, so hashing cannot be used to tie up the machine.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A login name: 1–32 ASCII letters, digits, `.`, `_` or `-`, stored lower-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    /// Parses a typed user name.
    pub fn parse(input: &str) -> Result<Username, AccountError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(AccountError::EmptyUsername);
        }
        if s.len() > 32 || !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            return Err(AccountError::BadUsername);
        }
        Ok(Username(s.to_ascii_lowercase()))
    }

    /// The name as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a new password (and its confirmation) against the length rules.
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), AccountError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(AccountError::PasswordTooShort);
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(AccountError::PasswordTooLong);
    }
    if password != confirm {
        return Err(AccountError::PasswordsDiffer);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("初审"), Some(Role::FirstReviewer));
        assert_eq!(Role::from_code("boss"), None);
    }

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Admin ").map(|u| u.0), Ok("admin".to_string()));
        assert_eq!(Username::parse(""), Err(AccountError::EmptyUsername));
        assert_eq!(Username::parse("张三"), Err(AccountError::BadUsername));
        assert_eq!(Username::parse("a b"), Err(AccountError::BadUsername));
        assert_eq!(Username::parse("'; drop table users;--"), Err(AccountError::BadUsername));
        assert_eq!(Username::parse(&"a".repeat(33)), Err(AccountError::BadUsername));
    }

    #[test]
    fn passwords() {
        assert_eq!(check_new_password("short", "short"), Err(AccountError::PasswordTooShort));
        assert_eq!(check_new_password("long enough", "long enougH"), Err(AccountError::PasswordsDiffer));
        assert_eq!(check_new_password("密码足够长的一句话", "密码足够长的一句话"), Ok(()));
        assert_eq!(check_new_password(&"x".repeat(129), &"x".repeat(129)), Err(AccountError::PasswordTooLong));
    }
}
