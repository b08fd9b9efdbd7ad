"""Walking records through their approval flow on behalf of their reviewers (the demo
city and the tests' fixtures)."""


def approve_through_reviews(records):
    """Accept the pending reviews of the submitted ``records`` tier after tier, each as
    one of the review's reviewers (a unit without a leader of its own is reviewed by
    the office), under that user's rights, as its inbox would."""
    for record in records:
        # one tier at a time (approve_sequence): at most one round per review
        for _tier in range(len(record.sudo().review_ids)):
            pending = record.sudo().review_ids.filtered(lambda r: r.status == "pending")
            if not pending:
                break
            reviewers = pending[0].reviewer_ids
            reviewer = reviewers.filtered(lambda u: not u._is_superuser())[:1] or reviewers[:1]
            record.with_user(reviewer).validate_tier()


def put_schemes_in_force(schemes, office=None):
    """Walk draft ``schemes`` through their governance to in force: published for
    comments, submitted to the leading group, approved by its reviewers (as above), put
    in force; the office's moves as ``office`` (default: the user of ``schemes``). Every
    comment of the units must have been answered."""
    if office:
        schemes = schemes.with_user(office)
    schemes.filtered(lambda s: s.state in ("draft", "returned")).action_consult()
    schemes.filtered(lambda s: s.state == "comments").action_submit()
    approve_through_reviews(schemes.filtered(lambda s: s.state == "submitted"))
    schemes.filtered(lambda s: s.state == "approved").action_freeze()
    return schemes
