from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.lang import official_env


class TargetTierReviewMixin(models.AbstractModel):
    """Tier reviews (OCA base_tier_validation) as this product needs them, written once.

    Reviews are written only by the flow: users read ``tier.review`` and
    nothing else (security/ir.model.access.csv), the flow keeps them under
    sudo. Reviewers need not be allowed to edit what they review (a unit
    leader may not write a submitted letter, the leading group only reads
    cycles): once the current user's own turn is found (by user id), the
    bookkeeping runs as superuser. A review that nothing waits for any more
    is refused, and a rejection always asks the reviewer why.

    Restarting a validation (its reviews dropped and requested afresh) is for
    those ``_tier_restart_allowed`` names, never for who submitted the record.
    A record whose reviews have started keeps them: it cannot be deleted.

    Models say what a finished validation and a rejection do to them
    (``_on_reviews_validated``, ``_on_reviews_rejected``), which records wait
    for reviews (``_awaiting_review``) and who submitted (``_tier_requester``).
    By default a record submitted (``state``, ``submitted_by_id``) is approved
    (``approved_on``) or returned with the reviewer's reason, as the approval
    mixin, the schemes and the bulletins are; the cycle's sign-off says its own.
    """

    _name = "target.tier.review.mixin"
    _description = "Target Tier Review (abstract)"
    _inherit = ["tier.validation"]

    can_restart_validation = fields.Boolean(
        compute="_compute_can_restart_validation",
        help="Whether the current user may drop the reviews and request them afresh.",
    )

    @api.depends_context("uid")
    def _compute_can_restart_validation(self):
        allowed = self._tier_restart_allowed()
        for record in self:
            record.can_restart_validation = record in allowed

    def write(self, vals):
        if "review_ids" in vals and not self.env.su:
            raise AccessError(self.env._("Reviews are written by the approval flow only."))
        # a context key is no gate: the client sets the context over RPC
        records = self
        if self.env.context.get("skip_validation_check") and not self.env.su:
            records = self.with_context(skip_validation_check=False)
        return super(TargetTierReviewMixin, records).write(vals)

    def unlink(self):
        # before base_tier_validation drops the reviews with the record
        self._refuse_if_reviewed()
        return super().unlink()

    def _refuse_if_reviewed(self):
        started = self.filtered(lambda r: r.sudo().review_ids)
        if started and not self.env.su:
            raise UserError(
                self.env._(
                    "%(record)s has been through its approval: its reviews are kept and it "
                    "cannot be deleted.",
                    record=started[0].display_name,
                )
            )

    def _awaiting_review(self):
        """Hook: the records of ``self`` submitted and waiting for their reviews."""
        return self.filtered(lambda record: record.state == "submitted")

    def _on_reviews_validated(self):
        """Hook: every review of these submitted records is accepted."""
        self.sudo()._workflow_move("approved", vals={"approved_on": fields.Datetime.now()})

    def _on_reviews_rejected(self, reason):
        """Hook: a review of this submitted record is rejected for ``reason``."""
        self.sudo().with_context(skip_validation_check=True)._workflow_move(
            "returned", reason=reason
        )

    def _tier_requester(self):
        """Hook: the user who submitted this record for its reviews."""
        self.ensure_one()
        return self.submitted_by_id or self.env.user

    def _tier_restart_allowed(self):
        """Hook: the records of ``self`` whose validation the current user may restart.

        By default the assessment office and the administrator, never the
        user who submitted the record.
        """
        if not self.env.su and not self.env.user._target_office_of(self):
            return self.browse()
        mine = self if self.env.su else self.env.user._target_office_of(self)
        return mine._awaiting_review().filtered(
            lambda r: self.env.su or r._tier_requester() != self.env.user
        )

    def _waiting_reviews(self, tiers=None):
        """The reviews of this record waiting for the current user; refused when none.

        Two reviewers acting on the same record at once conflict in PostgreSQL
        (each review rewrites the record's row through its stored
        validation_status) and Odoo replays the later request. The replay finds
        its tier already done by the other reviewer: without this check it
        would succeed silently and notify the next tier a second time (or, for a
        rejection, leave its comment on the other's approval). ``tiers``: the
        reviews acted on (the comment wizard's, chosen by the client: only those
        of this record in the user's turn count); default: the user's turn.
        """
        self.ensure_one()
        user = self.env.user
        record = self.sudo()
        sequences = record._get_sequences_to_approve(user)
        turn = record.review_ids.filtered(
            lambda r: r.sequence in sequences or r.approve_sequence_bypass
        )
        if tiers:
            tiers = tiers.sudo()
            if tiers - record.review_ids:
                raise AccessError(
                    self.env._(
                        "These reviews are not reviews of %(record)s.", record=record.display_name
                    )
                )
            turn &= tiers
        waiting = turn.filtered(
            lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids
        )
        if not waiting:
            raise UserError(
                self.env._("Nothing of %(record)s waits for you.", record=record.display_name)
            )
        return waiting

    def validate_tier(self):
        self._waiting_reviews()
        return super(TargetTierReviewMixin, self.sudo()).validate_tier()

    def _validate_tier(self, tiers=False):
        result = super(TargetTierReviewMixin, self.sudo())._validate_tier(tiers)
        self._finish_if_validated()
        return result

    def _request_reviews(self, unconfigured):
        """Request the approval reviews of ``self`` (as superuser: the reviews are the
        flow's), refuse when a record gets none (``unconfigured(record)``: the message
        naming it and where its tiers are defined), and finish those approved at once."""
        self.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        self.sudo().request_validation()
        self.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        unreviewed = self.filtered(lambda record: not record.review_ids)
        if unreviewed:
            raise UserError(unconfigured(unreviewed[0]))
        self._finish_if_validated()

    def _finish_if_validated(self):
        # need_validation has no dependencies: drop what was computed before the reviews
        self.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        done = self._awaiting_review().filtered(
            lambda r: r.sudo().review_ids and r.validation_status == "validated"
        )
        if done:
            done._on_reviews_validated()

    def reject_tier(self):
        """A rejection always asks the reviewer why (the submitter reads it)."""
        return self._add_comment("reject", self._waiting_reviews())

    def _rejected_tier(self, tiers=False):
        tiers = self._waiting_reviews(tiers)
        result = super(TargetTierReviewMixin, self.sudo())._rejected_tier(tiers)
        rejected = self._awaiting_review().filtered(lambda r: r.validation_status == "rejected")
        for record in rejected:
            comments = (
                record.sudo()
                .review_ids.filtered(lambda r: r.status == "rejected")
                .mapped("comment")
            )
            record._on_reviews_rejected(
                "\n".join(c for c in comments if c)
                or self.env._("Rejected by %(user)s.", user=self.env.user.name)
            )
        return result

    def _tier_validation_check_write_remove_reviews(self, vals):
        # reached by the state's transitions only (the gate): the flow drops the round
        return super(
            TargetTierReviewMixin, self.sudo()
        )._tier_validation_check_write_remove_reviews(vals)

    def _prepare_tier_review_vals(self, definition, sequence):
        # a restart asks again on behalf of who submitted (four-eyes rules read it)
        return dict(
            super()._prepare_tier_review_vals(definition, sequence),
            requested_by=self._tier_requester().id,
        )

    def request_validation(self):
        """Reviews are requested by the submission (the flow), not by a user's call."""
        if not self.env.su:
            raise AccessError(
                self.env._("Reviews are requested by submitting the record, not directly.")
            )
        return super().request_validation()

    def restart_validation(self):
        """Drop the reviews of these submitted records and request them afresh."""
        refused = self - self._tier_restart_allowed()
        if refused:
            raise AccessError(
                self.env._(
                    "You may not restart the validation of %(record)s: the assessment office "
                    "restarts it (for a cycle's sign-off, an administrator), never the user who "
                    "submitted it.",
                    record=refused[0].display_name,
                )
            )
        records = self.sudo()
        result = super(TargetTierReviewMixin, records).restart_validation()
        records.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        records.request_validation()
        for record in records:
            record.message_post(
                body=self.env._("Validation restarted by %(user)s.", user=self.env.user.name)
            )
        self._finish_if_validated()
        return result

    def _add_tier_validation_buttons(self, node, params):
        # the restart button only for those allowed to (one gate with the method)
        new_node = super()._add_tier_validation_buttons(node, params)
        for button in new_node.xpath("//button[@name='restart_validation']"):
            button.set("invisible", "not can_restart_validation or hide_reviews")
        for button in new_node.xpath("//button[@name='request_validation']"):
            button.getparent().remove(button)
        return new_node

    # -- what the reviews say ----------------------------------------------------
    # base_tier_validation writes its banners and chatter lines with its own
    # strings, which it leaves untranslated: the product says them itself. The
    # lines posted in the chatter stay as written: in the official language.

    def _get_to_validate_message(self):
        icon = Markup('<i class="fa fa-lg fa-info-circle"></i>')
        pending = self.review_ids.filtered(lambda r: r.status == "pending")[:1]
        if pending and pending.todo_by:
            return self.env._(
                "%(icon)s Waiting for %(todo_by)s to approve.", icon=icon, todo_by=pending.todo_by
            )
        return self.env._(
            "%(icon)s This %(model_name)s is waiting for approval.",
            icon=icon,
            model_name=self._get_to_validate_message_name(),
        )

    def _get_validated_message(self):
        if self.validation_status != "validated":
            return ""
        return Markup('<i class="fa fa-thumbs-up"></i> ') + self.env._("Approved.")

    def _get_rejected_message(self):
        if self.validation_status != "rejected":
            return ""
        return Markup('<i class="fa fa-thumbs-down"></i> ') + self.env._("Returned.")

    def _compute_next_review(self):
        for record in self:
            review = record.review_ids.sorted("sequence").filtered(lambda r: r.status == "pending")[
                :1
            ]
            record.next_review = self.env._("Next: %(tier)s", tier=review.name) if review else False

    def _add_comment(self, validate_reject, reviews):
        action = super()._add_comment(validate_reject, reviews)
        if validate_reject == "reject":
            action["name"] = self.env._("Reason for returning")
        else:
            action["name"] = self.env._("Approval comment")
        return action

    def _tier_validation_check_state_on_write(self, vals):
        try:
            return super()._tier_validation_check_state_on_write(vals)
        except ValidationError as refused:
            raise ValidationError(
                self.env._(
                    "%(record)s cannot move on before its approval is finished.",
                    record=self[:1].display_name,
                )
            ) from refused

    def _tier_validation_check_write_allowed(self, vals):
        try:
            return super()._tier_validation_check_write_allowed(vals)
        except ValidationError as refused:
            record = self.filtered("review_ids")[:1] or self[:1]
            refused_fields = "、".join(
                record._get_fields_to_write_validation(
                    vals, record._get_under_validation_exceptions
                )[1]
            )
            if record.validation_status == "validated":
                message = self.env._(
                    "%(record)s has been approved: %(fields)s can no longer be changed.",
                    record=record.display_name,
                    fields=refused_fields,
                )
            else:
                message = self.env._(
                    "%(record)s is under approval: %(fields)s cannot be changed until its "
                    "approval is finished.",
                    record=record.display_name,
                    fields=refused_fields,
                )
            raise ValidationError(message) from refused

    def _notify_created_review_body(self):
        env = official_env(self.env)
        return env._("Submitted for approval by %(user)s.", user=self.env.user.name)

    def _notify_requested_review_body(self, tier_reviews=None):
        env = official_env(self.env)
        if not tier_reviews:
            return env._("Approval requested by %(user)s.", user=self.env.user.name)
        requester = tier_reviews[:1].requested_by or self.env.user
        assignees = "、".join(filter(None, tier_reviews.mapped("todo_by")))
        if not assignees:
            return env._("Approval requested by %(user)s.", user=requester.name)
        return env._(
            "Waiting for %(assignees)s to approve, requested by %(requester)s.",
            assignees=assignees,
            requester=requester.name,
        )

    def _notify_accepted_reviews_body(self):
        env = official_env(self.env)
        comment = self._tier_comment_of_user()
        if comment:
            return env._(
                "Approved by %(user)s: %(comment)s", user=self.env.user.name, comment=comment
            )
        return env._("Approved by %(user)s.", user=self.env.user.name)

    def _notify_rejected_review_body(self):
        env = official_env(self.env)
        comment = self._tier_comment_of_user()
        if comment:
            return env._(
                "Returned by %(user)s: %(comment)s", user=self.env.user.name, comment=comment
            )
        return env._("Returned by %(user)s.", user=self.env.user.name)

    def _notify_restarted_review_body(self):
        env = official_env(self.env)
        return env._("Validation restarted by %(user)s.", user=self.env.user.name)

    def _tier_comment_of_user(self):
        """The comment the current user left on a review of this record, if any."""
        reviews = self.review_ids.filtered(lambda r: self.env.user in r.reviewer_ids and r.comment)
        return reviews[:1].comment
