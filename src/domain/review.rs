//! The four-level review (四级审核) shared by recognition, card, apartment and grant
//! applications: 企业填报 → 部门初审 → 第三方复核 → 管委会审定, strictly in that order. Each
//! step approves, returns for revision or rejects, always with a reason, by a user whose
//! role owns the step; one person never acts on two steps of the same application.
//! Falsified data (一票否决) rejects outright and flags the person.

use super::{Problem, Role};

/// A step of the review, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// 企业填报: the employer's submission, entered by a clerk.
    Submission,
    /// 部门初审: the department's first review.
    FirstReview,
    /// 第三方复核: the third-party recheck.
    Recheck,
    /// 管委会审定: the zone management committee's approval.
    Approval,
}

impl Step {
    /// Every step in order.
    pub const ALL: [Step; 4] = [Step::Submission, Step::FirstReview, Step::Recheck, Step::Approval];

    /// The role that acts on this step.
    pub fn role(self) -> Role {
        match self {
            Step::Submission => Role::Clerk,
            Step::FirstReview => Role::FirstReviewer,
            Step::Recheck => Role::ThirdPartyReviewer,
            Step::Approval => Role::Committee,
        }
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<Step> {
        match self {
            Step::Submission => Some(Step::FirstReview),
            Step::FirstReview => Some(Step::Recheck),
            Step::Recheck => Some(Step::Approval),
            Step::Approval => None,
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Step::Submission => "submission",
            Step::FirstReview => "first_review",
            Step::Recheck => "recheck",
            Step::Approval => "approval",
        }
    }

    /// The step for a stored code.
    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The i18n key of the step's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Step::Submission => "review.step.submission",
            Step::FirstReview => "review.step.first_review",
            Step::Recheck => "review.step.recheck",
            Step::Approval => "review.step.approval",
        }
    }
}

/// What a reviewer decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Pass to the next step (or, at the last step, approve the application).
    Approve,
    /// Send back to the employer's submission for revision.
    Return,
    /// Refuse the application.
    Reject,
    /// 一票否决: falsified data; refuse and flag the person.
    Veto,
}

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Waiting for the given step.
    At(Step),
    /// Approved by the committee: final.
    Approved,
    /// Rejected (or vetoed): final.
    Rejected,
}

/// Why a decision is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The application is already decided.
    Closed,
    /// The user's role does not own the step the application waits for.
    WrongRole { step: Step },
    /// The same person acted on another step of this application.
    SamePerson,
    /// No reason was given.
    NoReason,
    /// A submission can only be approved (sent on), not returned or rejected.
    NotAtSubmission,
}

impl Problem for ReviewError {
    fn key(&self) -> &'static str {
        match self {
            ReviewError::Closed => "review.err.closed",
            ReviewError::WrongRole { step } => match step {
                Step::Submission => "review.err.role_submission",
                Step::FirstReview => "review.err.role_first_review",
                Step::Recheck => "review.err.role_recheck",
                Step::Approval => "review.err.role_approval",
            },
            ReviewError::SamePerson => "review.err.same_person",
            ReviewError::NoReason => "review.err.no_reason",
            ReviewError::NotAtSubmission => "review.err.not_at_submission",
        }
    }
}
crate::impl_problem_display!(ReviewError);

/// One decision already taken on an application: who acted on which step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastAction {
    /// The step acted on.
    pub step: Step,
    /// The user who acted.
    pub user_id: i64,
}

/// The outcome of a decision: the new stage, and whether the person must be flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Where the application stands now.
    pub stage: Stage,
    /// Whether the talent is flagged for falsified data.
    pub flag_person: bool,
}

/// Checks and applies a decision by `user_id` with `role` on an application at `stage`,
/// given what was done before since the last submission. Administrators have no review
/// step: the review is the reviewers' own act.
pub fn decide(
    stage: Stage,
    history: &[PastAction],
    user_id: i64,
    role: Role,
    decision: Decision,
    reason: &str,
) -> Result<Outcome, ReviewError> {
    let Stage::At(step) = stage else { return Err(ReviewError::Closed) };
    if role != step.role() {
        return Err(ReviewError::WrongRole { step });
    }
    if reason.trim().is_empty() {
        return Err(ReviewError::NoReason);
    }
    if history.iter().any(|a| a.step != step && a.user_id == user_id) {
        return Err(ReviewError::SamePerson);
    }
    let outcome = |stage, flag_person| Ok(Outcome { stage, flag_person });
    match (step, decision) {
        (Step::Submission, Decision::Approve) => outcome(Stage::At(Step::FirstReview), false),
        (Step::Submission, _) => Err(ReviewError::NotAtSubmission),
        (_, Decision::Approve) => outcome(step.next().map_or(Stage::Approved, Stage::At), false),
        (_, Decision::Return) => outcome(Stage::At(Step::Submission), false),
        (_, Decision::Reject) => outcome(Stage::Rejected, false),
        (_, Decision::Veto) => outcome(Stage::Rejected, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_application_passes_four_steps_with_four_people() {
        let mut stage = Stage::At(Step::Submission);
        let mut history = Vec::new();
        for (user, role) in
            [(1, Role::Clerk), (2, Role::FirstReviewer), (3, Role::ThirdPartyReviewer), (4, Role::Committee)]
        {
            let Stage::At(step) = stage else { panic!("closed too early") };
            stage =
                decide(stage, &history, user, role, Decision::Approve, "材料齐全").map(|o| o.stage).unwrap_or(stage);
            history.push(PastAction { step, user_id: user });
        }
        assert_eq!(stage, Stage::Approved);
    }

    #[test]
    fn steps_happen_in_order_by_the_right_role_and_person() {
        let at_first = Stage::At(Step::FirstReview);
        assert_eq!(
            decide(at_first, &[], 9, Role::Committee, Decision::Approve, "ok"),
            Err(ReviewError::WrongRole { step: Step::FirstReview })
        );
        assert_eq!(
            decide(at_first, &[], 9, Role::Admin, Decision::Approve, "ok"),
            Err(ReviewError::WrongRole { step: Step::FirstReview })
        );
        assert_eq!(decide(at_first, &[], 9, Role::FirstReviewer, Decision::Approve, "  "), Err(ReviewError::NoReason));
        let history = [PastAction { step: Step::Submission, user_id: 9 }];
        assert_eq!(
            decide(at_first, &history, 9, Role::FirstReviewer, Decision::Approve, "ok"),
            Err(ReviewError::SamePerson)
        );
        assert_eq!(decide(Stage::Approved, &[], 9, Role::Committee, Decision::Approve, "ok"), Err(ReviewError::Closed));
    }

    #[test]
    fn return_reject_and_veto() {
        let at = Stage::At(Step::Recheck);
        let ok = |d| decide(at, &[], 5, Role::ThirdPartyReviewer, d, "理由");
        assert_eq!(ok(Decision::Return).map(|o| o.stage), Ok(Stage::At(Step::Submission)));
        assert_eq!(ok(Decision::Reject), Ok(Outcome { stage: Stage::Rejected, flag_person: false }));
        assert_eq!(ok(Decision::Veto), Ok(Outcome { stage: Stage::Rejected, flag_person: true }));
        assert_eq!(
            decide(Stage::At(Step::Submission), &[], 1, Role::Clerk, Decision::Reject, "x"),
            Err(ReviewError::NotAtSubmission)
        );
    }
}
