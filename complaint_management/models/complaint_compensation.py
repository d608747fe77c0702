# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

# States in which the compensation is a decision the journal must keep.
PROTECTED_STATES = ("approved", "offered", "accepted", "done")
# Fields only the workflow methods write.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "first_approver_id",
        "requested_by_id",
        "approver_id",
        "approved_date",
        "refused_date",
        "offered_date",
        "customer_decision_date",
        "done_date",
        "paid_date",
        "promise_reminded",
        "promise_escalated",
    }
)
ACTIVITY_PROMISE_NEAR = "complaint_management.mail_activity_compensation_promise_near"
ACTIVITY_PROMISE_MISSED = (
    "complaint_management.mail_activity_compensation_promise_missed"
)
# States a compensation can be cancelled from, before any bridge's document.
CANCELLABLE_STATES = ("draft", "to_approve", "approved", "offered", "refused")
# Changing these after approval sends the compensation back to approval.
TERMS_FIELDS = {"amount", "currency_id", "compensation_type"}
# The figures a complaint and a customer show, each apart, never summed:
# figure -> the states it counts.
COMPENSATION_FIGURES = {
    "granted": ("accepted", "done"),
    "offered": ("offered",),
    "approved": ("approved",),
    "to_approve": ("to_approve",),
}
# States a granted compensation is in; what it granted is its granted_amount
# (a bridge's document may say less, or nothing yet).
GRANTED_STATES = COMPENSATION_FIGURES["granted"]


class ComplaintCompensation(models.Model):
    _name = "complaint.compensation"
    _description = "Complaint Compensation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "complaint.workflow.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _workflow_fields = WORKFLOW_FIELDS
    _workflow_initial_values = {"state": "draft"}

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_complaint', '=', True)]",
        tracking=True,
    )
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", store=True, index=True, string="Customer"
    )
    commercial_partner_id = fields.Many2one(
        related="ticket_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Entity",
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    complaint_ref = fields.Char(related="ticket_id.complaint_ref")
    category_id = fields.Many2one(
        related="ticket_id.category_id", store=True, string="Complaint Category"
    )
    complaint_kind = fields.Selection(related="ticket_id.complaint_kind", store=True)
    compensation_type = fields.Selection(
        selection=[
            ("refund", "Refund"),
            ("return", "Return and Refund"),
            ("replacement", "Replacement"),
            ("repair", "Repair"),
            ("exchange", "Exchange"),
            ("discount", "Discount"),
            ("store_credit", "Store credit"),
            ("free_service", "Free service"),
            ("gift", "Gift"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="refund",
        tracking=True,
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="The value to the company, also for remedies that are not paid in "
        "cash (the cost of a repair, a replacement or a free service).",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    description = fields.Text(
        string="Offer to the Customer",
        help="What the customer is offered, in words they will read.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("offered", "Offered"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("done", "Delivered"),
            ("refused", "Refused"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
        tracking=True,
    )
    approver_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Approved By",
        readonly=True,
        copy=False,
        tracking=True,
    )
    first_approver_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="First Approval By",
        readonly=True,
        copy=False,
        tracking=True,
        help="Above the company's four-eyes amount, two different managers " "approve.",
    )
    approved_date = fields.Datetime(groups="base.group_user", readonly=True, copy=False)
    refused_date = fields.Datetime(groups="base.group_user", readonly=True, copy=False)
    refusal_reason = fields.Text(groups="base.group_user", copy=False)
    offered_date = fields.Datetime(readonly=True, copy=False)
    customer_decision_date = fields.Datetime(readonly=True, copy=False, index=True)
    customer_comment = fields.Text(copy=False)
    done_date = fields.Datetime(string="Delivered On", readonly=True, copy=False)
    paid_date = fields.Datetime(
        string="Paid On",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the money reached the customer: set by the document that "
        "pays it (a reconciled credit note, for instance), where there is one.",
    )
    granted_amount = fields.Monetary(
        string="Granted",
        currency_field="currency_id",
        compute="_compute_granted_amount",
        store=True,
        help="What the customer was granted: the amount once they accepted, "
        "for a remedy the agent delivers; for one a document delivers (a "
        "credit note, a card), what that document gives once it is issued. "
        "The customer card, the overview and the reports add this up.",
    )
    promised_date = fields.Date(
        string="Promised By",
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The date by which the remedy will be delivered, stated in the "
        "offer: the agent is reminded the day before, and the complaint's "
        "team leader alerted when it passes undelivered.",
    )
    promise_reminded = fields.Boolean(readonly=True, copy=False)
    promise_escalated = fields.Boolean(readonly=True, copy=False)
    active = fields.Boolean(default=True)
    can_approve = fields.Boolean(
        compute="_compute_can_approve", search="_search_can_approve"
    )
    approver_names = fields.Char(
        groups="base.group_user",
        string="Awaiting Approval From",
        compute="_compute_approver_names",
        help="Who may approve the compensation while it awaits approval: the "
        "users whose approval limit covers it, other than the requester.",
    )

    _sql_constraints = [
        (
            "amount_not_negative",
            "CHECK(amount >= 0)",
            "A compensation amount cannot be negative: enter zero or more.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("ticket_id.complaint_ref", "ticket_id.number", "compensation_type")
    def _compute_display_name(self):
        types = dict(self._fields["compensation_type"]._description_selection(self.env))
        for compensation in self:
            ticket = compensation.ticket_id
            compensation.display_name = "{}: {}".format(
                ticket.complaint_ref or ticket.number or "",
                types.get(compensation.compensation_type, ""),
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for compensation in self:
            compensation.access_url = f"/my/compensation/{compensation.id}"
        return result

    @api.depends("state", "amount")
    def _compute_granted_amount(self):
        for compensation in self:
            compensation.granted_amount = compensation._complaint_granted_value()

    @api.depends("state", "amount", "currency_id", "requested_by_id")
    @api.depends_context("uid")
    def _compute_can_approve(self):
        limits_by_company = {}
        for compensation in self:
            if compensation.state != "to_approve":
                compensation.can_approve = False
                continue
            company = compensation.company_id
            if company not in limits_by_company:
                limits_by_company[company] = self.env[
                    "complaint.approval.limit"
                ]._get_company_limits(company)
            compensation.can_approve = not compensation._get_approval_refusal(
                self.env.user, limits_by_company[company]
            )

    @api.depends(
        "state",
        "amount",
        "currency_id",
        "requested_by_id",
        "first_approver_id",
        "company_id",
    )
    def _compute_approver_names(self):
        # a user's ceiling does not depend on the amount: once per company,
        # currency and date, whatever the number of compensations
        ceilings = {}
        for compensation in self:
            if compensation.state != "to_approve":
                compensation.approver_names = False
                continue
            key = (
                compensation.company_id,
                compensation.currency_id,
                compensation._get_date_for_limits(),
            )
            if key not in ceilings:
                ceilings[key] = self.env["complaint.approval.limit"]._get_ceilings(*key)
            approvers = compensation._get_approvers(ceilings[key])
            names = ", ".join(sorted(approvers.mapped("name")))
            if not approvers:
                compensation.approver_names = self.env._(
                    "No one: a complaint manager must set an approval limit "
                    "that covers it"
                )
            elif compensation._needs_four_eyes() and not (
                compensation.first_approver_id
            ):
                compensation.approver_names = self.env._("Two of: %s", names)
            else:
                compensation.approver_names = names

    def _search_can_approve(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("“Can Approve” can only be searched as true or false.")
            )
        waiting = self.search([("state", "=", "to_approve")])
        mine = waiting.filtered("can_approve")
        in_mine = (operator == "=") == value
        return [("id", "in" if in_mine else "not in", mine.ids)]

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains("ticket_id")
    def _check_ticket_is_complaint(self):
        for compensation in self:
            if not compensation.ticket_id.is_complaint:
                raise ValidationError(
                    self.env._(
                        "Compensation is granted on complaints only; %(ticket)s "
                        "is not a complaint. Mark it as a complaint first.",
                        ticket=compensation.ticket_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("amount"):
                currency = (
                    self.env["res.currency"].browse(vals.get("currency_id"))
                    or self.env.company.currency_id
                )
                vals["amount"] = currency.round(vals["amount"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("amount") and len(self.currency_id) <= 1:
            currency = (
                self.env["res.currency"].browse(vals.get("currency_id"))
                or self.currency_id
            )
            vals = dict(vals, amount=currency.round(vals["amount"]))
        changed_terms = TERMS_FIELDS.intersection(vals) and self._with_changed_terms(
            vals
        )
        if changed_terms:
            changed_terms._check_terms_editable()
        result = super().write(vals)
        if changed_terms:
            changed_terms._send_back_to_approval()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        decided = self.filtered(lambda c: c.state in PROTECTED_STATES)
        if decided:
            raise UserError(
                self.env._(
                    "Approved, offered, accepted or delivered compensations are "
                    "kept on record and cannot be deleted; cancel or archive them "
                    "instead."
                )
            )

    def _workflow_error_message(self, field_names):
        return self.env._(
            "The state, approver and decision dates of a compensation change "
            "only through its actions: use its buttons (Submit, Approve, "
            "Offer...)."
        )

    def _with_changed_terms(self, vals):
        def differs(compensation):
            for fname in TERMS_FIELDS.intersection(vals):
                field = self._fields[fname]
                new = field.convert_to_cache(vals[fname], compensation)
                old = field.convert_to_cache(compensation[fname], compensation)
                if new != old:
                    return True
            return False

        return self.filtered(differs)

    def _check_terms_editable(self):
        closed = self.filtered(
            lambda c: c.state in ("accepted", "declined", "done", "refused", "cancel")
        )
        if closed:
            raise UserError(
                self.env._(
                    "The amount, currency and type of a compensation cannot change "
                    "once the customer decided or it was refused or cancelled; "
                    "create a new compensation instead."
                )
            )

    def _send_back_to_approval(self):
        decided = self.filtered(lambda c: c.state in ("approved", "offered"))
        for compensation in decided:
            compensation._set_workflow_values(
                {
                    "state": "to_approve",
                    "approver_id": False,
                    "first_approver_id": False,
                    "approved_date": False,
                }
            )
            compensation.message_post(
                body=self.env._(
                    "The terms changed after approval: the compensation goes back "
                    "to approval."
                )
            )
            compensation._schedule_approval_activities()

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        """Approve at once within the user's own limit, else send for
        approval; returns a notification saying which, and to whom."""
        messages = []
        notification_type = "success"
        for compensation in self:
            compensation._check_state(("draft",), self.env._("submitted"))
            compensation._set_workflow_values(
                {"requested_by_id": self.env.uid, "state": "to_approve"}
            )
            if (
                compensation._within_limit(self.env.user)
                and not compensation._needs_four_eyes()
            ):
                compensation._approve(within_own_limit=True)
                messages.append(
                    self.env._(
                        "%(compensation)s (%(amount)s) is approved within your "
                        "own limit: offer it to the customer.",
                        compensation=compensation.display_name,
                        amount=compensation._format_amount(),
                    )
                )
            else:
                approvers = compensation._schedule_approval_activities()
                compensation._post_sent_for_approval(approvers)
                messages.append(compensation._sent_for_approval_text(approvers))
                if not approvers:
                    notification_type = "warning"
        return self._complaint_feedback(messages, notification_type)

    def action_approve(self):
        self._lock_for_decision()
        messages = []
        for compensation in self:
            compensation._check_state(("to_approve",), self.env._("approved"))
            reason = compensation._get_approval_refusal(self.env.user)
            if reason:
                raise UserError(reason)
            if compensation._needs_four_eyes() and not compensation.first_approver_id:
                compensation._record_first_approval()
                messages.append(
                    self.env._(
                        "Your first approval of %(compensation)s (%(amount)s) is "
                        "recorded: a second manager must approve it as well.",
                        compensation=compensation.display_name,
                        amount=compensation._format_amount(),
                    )
                )
            else:
                compensation._approve(within_own_limit=False)
                messages.append(
                    self.env._(
                        "%(compensation)s (%(amount)s) is approved: it can be "
                        "offered to the customer.",
                        compensation=compensation.display_name,
                        amount=compensation._format_amount(),
                    )
                )
        return self._complaint_feedback(messages)

    def action_refuse(self, reason=None):
        self._lock_for_decision()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "A refusal needs a reason: say why the compensation is refused."
                )
            )
        for compensation in self:
            compensation._check_state(("to_approve",), self.env._("refused"))
            refusal = compensation._get_approval_refusal(self.env.user)
            if refusal:
                raise UserError(refusal)
            compensation._set_workflow_values(
                {
                    "state": "refused",
                    "refused_date": fields.Datetime.now(),
                    "refusal_reason": reason,
                }
            )
            compensation._close_approval_activities()
            compensation.message_post(
                body=Markup("%s<br/>%s")
                % (self.env._("Refused by %s.", self.env.user.name), reason)
            )
        return True

    def action_open_refuse_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Compensation"),
            "res_model": "complaint.compensation.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_compensation_id": self.id},
        }

    def action_offer(self):
        template = self.env.ref("complaint_management.mail_template_compensation_offer")
        messages = []
        for compensation in self:
            compensation._check_state(("approved",), self.env._("offered"))
            compensation._set_workflow_values(
                {"state": "offered", "offered_date": fields.Datetime.now()}
            )
            compensation._portal_ensure_token()
            compensation.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", message_type="comment"
            )
            # the offer as mailed is the complaint's line for this step
            compensation._post_offer_on_complaint(template)
            messages.append(
                self.env._(
                    "%(compensation)s (%(amount)s) is offered to %(customer)s: "
                    "the offer was mailed and awaits their answer.",
                    compensation=compensation.display_name,
                    amount=compensation._format_amount(),
                    customer=compensation.partner_id.name or "",
                )
            )
        return self._complaint_feedback(messages)

    def action_accept(self, comment=None):
        self._record_customer_decision("accepted", comment, self.env._("accepted"))
        return self._complaint_feedback(
            [
                self.env._(
                    "The customer's acceptance of %(compensation)s is recorded.",
                    compensation=compensation.display_name,
                )
                for compensation in self
            ]
        )

    def action_decline(self, comment=None):
        self._record_customer_decision("declined", comment, self.env._("declined"))
        return self._complaint_feedback(
            [
                self.env._(
                    "The customer's refusal of %(compensation)s is recorded: "
                    "propose another remedy or explain why there is none.",
                    compensation=compensation.display_name,
                )
                for compensation in self
            ]
        )

    def action_done(self):
        for compensation in self:
            compensation._check_state(("accepted",), self.env._("delivered"))
            if compensation._complaint_delivered_by_document():
                raise UserError(
                    self.env._(
                        "%(compensation)s is delivered by its document (see the "
                        "buttons above): it shows as delivered once that document "
                        "is done.",
                        compensation=compensation.display_name,
                    )
                )
        self._complaint_mark_delivered()
        return True

    def action_cancel(self):
        for compensation in self:
            compensation._check_state(
                compensation._get_cancellable_states(), self.env._("cancelled")
            )
        self._complaint_before_cancel()
        for compensation in self:
            compensation._set_workflow_values({"state": "cancel"})
            compensation._close_approval_activities()
        return True

    def action_draft(self):
        for compensation in self:
            compensation._check_state(("refused", "cancel"), self.env._("reset"))
            compensation._set_workflow_values(
                {
                    "state": "draft",
                    "approver_id": False,
                    "first_approver_id": False,
                    "approved_date": False,
                }
            )
        return True

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    @api.model
    def _complaint_sum_by_figure(self, domain, group_field, target):
        """{(record id, figure): amount} of the compensations in ``domain``
        per record of ``group_field`` and figure of COMPENSATION_FIGURES,
        converted to the currency ``target(record)`` gives as (currency,
        company): one grouped query whatever the number of records."""
        figure_of = {
            state: figure
            for figure, states in COMPENSATION_FIGURES.items()
            for state in states
        }
        today = fields.Date.context_today(self)
        sums = defaultdict(float)
        rates = {}
        groups = self._read_group(
            domain + [("state", "in", list(figure_of))],
            [group_field, "state", "currency_id"],
            ["amount:sum", "granted_amount:sum"],
        )
        for record, state, currency, amount, granted in groups:
            to_currency, company = target(record)
            key = (currency, to_currency, company)
            if key not in rates:
                rates[key] = currency._get_conversion_rate(
                    currency, to_currency, company, today
                )
            figure = figure_of[state]
            # granted: what was given, as its document says where there is one
            value = granted if figure == "granted" else amount
            sums[record.id, figure] += value * rates[key]
        return sums

    @api.model
    def _complaint_granted_domain(self, domain):
        """The granted compensations among ``domain``: sum their
        ``granted_amount``, never their ``amount``."""
        return [*domain, ("state", "in", GRANTED_STATES)]

    def _get_date_for_limits(self):
        return fields.Date.context_today(self)

    def _user_ceiling(self, user, limits=None):
        self.ensure_one()
        if limits is None:
            limits = self.env["complaint.approval.limit"]._get_company_limits(
                self.company_id
            )
        return limits._get_ceiling(user, self.currency_id, self._get_date_for_limits())

    def _within_limit(self, user, limits=None):
        self.ensure_one()
        ceiling = self._user_ceiling(user, limits)
        return self.currency_id.compare_amounts(self.amount, ceiling) <= 0

    def _get_approval_refusal(self, user, limits=None):
        """Why ``user`` may not approve this compensation, or False."""
        self.ensure_one()
        if user == self.first_approver_id:
            return self.env._(
                "You gave the first approval: ask a second manager to give the "
                "other one."
            )
        if self._within_limit(user, limits):
            if self._needs_four_eyes() and user == self.requested_by_id:
                return self.env._(
                    "Above the four-eyes amount, the requester cannot approve: "
                    "ask two other managers to approve it."
                )
            return False
        if user == self.requested_by_id:
            return self.env._(
                "%(amount)s is above your own approval limit: ask a manager "
                "whose limit covers it to approve the compensation you requested.",
                amount=self._format_amount(),
            )
        return self.env._(
            "%(amount)s is above your approval limit (%(ceiling)s): ask a "
            "manager whose limit covers it to approve it.",
            amount=self._format_amount(),
            ceiling=self._format_amount(self._user_ceiling(user, limits)),
        )

    def _format_amount(self, amount=None):
        return format_amount(
            self.env, self.amount if amount is None else amount, self.currency_id
        )

    def _needs_four_eyes(self):
        self.ensure_one()
        company = self.company_id
        threshold = company.complaint_four_eyes_amount
        if not threshold:
            return False
        amount = self.currency_id._convert(
            self.amount, company.currency_id, company, self._get_date_for_limits()
        )
        return company.currency_id.compare_amounts(amount, threshold) > 0

    def _record_first_approval(self):
        self._set_workflow_values({"first_approver_id": self.env.uid})
        self.activity_unlink(
            ["complaint_management.mail_activity_compensation_approval"],
            user_id=self.env.uid,
        )
        self.message_post(
            body=self.env._(
                "First approval by %s; a second manager must approve as well.",
                self.env.user.name,
            )
        )
        self._post_on_complaint(
            self.env._(
                "%(compensation)s (%(amount)s): first approval by %(user)s; a "
                "second manager must approve as well.",
                compensation=self.display_name,
                amount=self._format_amount(),
                user=self.env.user.name,
            )
        )

    def _approve(self, within_own_limit):
        self._set_workflow_values(
            {
                "state": "approved",
                "approver_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        self._close_approval_activities()
        if within_own_limit:
            body = self.env._("Approved within own limit by %s.", self.env.user.name)
            line = self.env._(
                "%(compensation)s (%(amount)s): approved by %(user)s within "
                "their own limit.",
                compensation=self.display_name,
                amount=self._format_amount(),
                user=self.env.user.name,
            )
        else:
            body = self.env._("Approved by %s.", self.env.user.name)
            line = self.env._(
                "%(compensation)s (%(amount)s): approved by %(user)s.",
                compensation=self.display_name,
                amount=self._format_amount(),
                user=self.env.user.name,
            )
        self.message_post(body=body)
        self._post_on_complaint(line)

    def _get_approvers(self, ceilings=None):
        """The users who may still approve: those whose limit covers the
        compensation, other than its requester and its first approver."""
        self.ensure_one()
        return (
            self.env["complaint.approval.limit"]._get_users_covering(
                self.amount,
                self.company_id,
                self.currency_id,
                self._get_date_for_limits(),
                ceilings=ceilings,
            )
            - self.requested_by_id
            - self.first_approver_id
        )

    def _schedule_approval_activities(self):
        """An approval To-Do for each user who may approve; returns them."""
        self.ensure_one()
        approvers = self._get_approvers()
        if not approvers:
            self.message_post(
                body=self.env._(
                    "No one has an approval limit covering %s: ask a complaint "
                    "manager to set one.",
                    self._format_amount(),
                )
            )
        for approver in approvers:
            self.activity_schedule(
                "complaint_management.mail_activity_compensation_approval",
                user_id=approver.id,
                note=self.env._(
                    "%(type)s of %(amount)s for complaint %(complaint)s",
                    type=dict(
                        self._fields["compensation_type"]._description_selection(
                            self.env
                        )
                    )[self.compensation_type],
                    amount=self._format_amount(),
                    complaint=self.ticket_id.display_name,
                ),
            )
        return approvers

    def _sent_for_approval_text(self, approvers):
        self.ensure_one()
        if not approvers:
            return self.env._(
                "%(compensation)s (%(amount)s) awaits approval, but no one has an "
                "approval limit covering it: ask a complaint manager to set one.",
                compensation=self.display_name,
                amount=self._format_amount(),
            )
        names = ", ".join(sorted(approvers.mapped("name")))
        if self._needs_four_eyes():
            return self.env._(
                "%(compensation)s (%(amount)s) is sent for approval to two of: "
                "%(approvers)s.",
                compensation=self.display_name,
                amount=self._format_amount(),
                approvers=names,
            )
        return self.env._(
            "%(compensation)s (%(amount)s) is sent for approval to %(approvers)s.",
            compensation=self.display_name,
            amount=self._format_amount(),
            approvers=names,
        )

    def _post_sent_for_approval(self, approvers):
        self.ensure_one()
        self._post_on_complaint(self._sent_for_approval_text(approvers))

    def _complaint_feedback(self, messages, notification_type="success"):
        """The notification a button shows after its step; the form reloads
        when it closes, as it does after a button that returns nothing."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": " ".join(messages),
                "type": notification_type,
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _close_approval_activities(self):
        self.activity_unlink(
            ["complaint_management.mail_activity_compensation_approval"]
        )

    def _record_customer_decision(self, decision, comment, verb):
        self._lock_for_decision()
        comment = (comment or "").strip()
        for compensation in self:
            compensation._check_state(("offered",), verb)
            compensation._set_workflow_values(
                {
                    "state": decision,
                    "customer_decision_date": fields.Datetime.now(),
                    "customer_comment": comment or False,
                }
            )
        if decision == "accepted":
            self._complaint_fulfil()
        for compensation in self:
            # after the fulfilment: what a bridge delivered at once needs no
            # reminder to deliver it
            compensation._notify_customer_decision(decision, comment)
        return True

    def _complaint_accept_at_first_contact(self, comment):
        """The customer agreed to these remedies at first contact: approved
        within the agent's own limit (the caller checked it) and accepted,
        then fulfilled as any acceptance is."""
        remedies = self.filtered(
            lambda c: c.state in ("draft", "to_approve", "approved", "offered")
        )
        for remedy in remedies.filtered(lambda c: c.state in ("draft", "to_approve")):
            remedy._set_workflow_values({"requested_by_id": self.env.uid})
            remedy._approve(within_own_limit=True)
        remedies._set_workflow_values(
            {
                "state": "accepted",
                "customer_decision_date": fields.Datetime.now(),
                "customer_comment": comment,
            }
        )
        remedies._complaint_fulfil()
        for remedy in remedies:
            remedy._notify_customer_decision("accepted", comment)
        return remedies

    # ------------------------------------------------------------
    # Remedy hooks: what delivering means belongs to the bridge of the
    # compensation's type (a credit note, a card, a return)
    # ------------------------------------------------------------

    def _complaint_fulfil(self):
        """The customer accepted: make the remedy real. The core makes no
        document; bridges override this for the types they deliver, and move
        the compensation to delivered and paid from their documents' states
        (``_complaint_mark_delivered``, ``_complaint_mark_paid``). Called
        within the acceptance's lock: a retried or concurrent acceptance
        finds the compensation accepted already and stops before this."""
        return True

    def _complaint_delivered_by_document(self):
        """Whether a document of a bridge delivers this compensation, so the
        agent's *Delivered* button does not."""
        self.ensure_one()
        return bool(self._complaint_remedy_document())

    def _complaint_remedied_by(self, document):
        """Whether ``document`` (the name a bridge gave it in
        ``_complaint_remedy_document``) delivers this compensation."""
        self.ensure_one()
        return self._complaint_remedy_document() == document

    def _complaint_make_documents(self, document, make):
        """Call ``make`` once on each of these compensations that
        ``document`` delivers: the bridges' ``_complaint_fulfil``."""
        for compensation in self.filtered(lambda c: c._complaint_remedied_by(document)):
            make(compensation)

    def _complaint_granted_value(self):
        """What this compensation granted (its ``granted_amount``): the core
        counts the amount once the customer accepted. A bridge whose document
        delivers the remedy returns what that document gives once issued (a
        posted credit note's total, the value put on a card), and nothing
        before: a state set by hand is no fact."""
        self.ensure_one()
        return self.amount if self.state in GRANTED_STATES else 0.0

    def _complaint_remedy_document(self):
        """Which bridge's document delivers this compensation (a name the
        bridge chooses), or False. A bridge claims a compensation only when
        no other did: where two could (a discount: a credit note, or a coupon
        of a chosen programme), the explicit choice claims it first, whatever
        order the bridges load in, so one remedy is never made twice."""
        self.ensure_one()
        return False

    def _get_cancellable_states(self):
        self.ensure_one()
        return CANCELLABLE_STATES

    def _complaint_before_cancel(self):
        """Bridges refuse to cancel what their document made final, and
        remove what it has only drafted."""
        return True

    def _complaint_mark_delivered(self):
        """Accepted compensations are delivered now; others are left as
        they are, so a document's state may report it more than once."""
        accepted = self.filtered(lambda c: c.state == "accepted")
        accepted._set_workflow_values(
            {"state": "done", "done_date": fields.Datetime.now()}
        )
        # the remedy delivered meets the complaint's remedy clock
        accepted.ticket_id._complaint_clocks_met(("remedy",))
        accepted.activity_feedback([ACTIVITY_PROMISE_NEAR, ACTIVITY_PROMISE_MISSED])
        return accepted

    def _complaint_mark_paid(self, paid_date=None):
        """Record once when the money reached the customer."""
        unpaid = self.filtered(lambda c: not c.paid_date)
        unpaid._set_workflow_values({"paid_date": paid_date or fields.Datetime.now()})
        return unpaid

    # ------------------------------------------------------------
    # Mail: each step's trace on the complaint's conversation
    # ------------------------------------------------------------

    def _post_on_complaint(self, body, author_id=None):
        """A line on the complaint's chatter for a step of its compensation,
        so whoever follows the complaint sees it without opening the
        compensation. An internal note: it notifies no one."""
        self.ensure_one()
        # sudo: the step was taken on the compensation, which the user may
        # do; its trace on the complaint must not need write access to it.
        # The author stays the user who acted (or the deciding customer).
        self.ticket_id.sudo().message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            message_type="comment",
            author_id=author_id or self.env.user.partner_id.id,
        )

    def _post_offer_on_complaint(self, template):
        """Show the offer in the complaint's portal conversation as it was
        mailed, from the company; its subtype is followed by nobody by default,
        so the customer is not mailed twice."""
        self.ensure_one()
        ticket = self.ticket_id
        rendered = {
            field: template._render_field(field, self.ids, compute_lang=True)[self.id]
            for field in ("subject", "body_html")
        }
        # our own template: no need to check its wording
        ticket.with_context(complaint_phrase_confirmed=True).message_post(
            subject=rendered["subject"],
            body=rendered["body_html"],
            message_type="comment",
            subtype_xmlid="complaint_management.mt_complaint_offered",
            **ticket._get_complaint_company_author(),
        )

    def _complaint_mail_customer(self, template, author=None):
        """Mail the customer ``template`` (a template of complaints) about
        this compensation, on its complaint: the mail is in the complaint's
        portal conversation and in the customer's language. The template
        finds the compensation as ``ctx['complaint_compensation_id']``. From
        ``author``, else from the company."""
        self.ensure_one()
        # sudo: a document's event tells the customer (a credit note posted
        # by an accountant, a card issued on the customer's acceptance in the
        # portal); whoever caused it need not follow the complaint. Our own
        # template: no need to check its wording.
        ticket = self.ticket_id.sudo().with_context(
            complaint_compensation_id=self.id, complaint_phrase_confirmed=True
        )
        if author:
            author_values = {
                "author_id": author.id,
                "email_from": author.email_formatted or None,
            }
        else:
            author_values = ticket._get_complaint_company_author()
        return ticket.message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
            **author_values,
        )

    def _notify_customer_decision(self, decision, comment):
        customer = self.partner_id.name or ""
        if decision == "accepted":
            summary = self.env._("%s accepted the offer.", customer)
            note = self.env._("Deliver the compensation and mark it delivered.")
        else:
            summary = self.env._("%s declined the offer.", customer)
            note = self.env._(
                "Propose another remedy, or answer in writing why no other "
                "remedy can be offered."
            )
        body = Markup("<p>%s</p>") % summary
        if comment:
            body += Markup("<p><em>%s</em></p>") % comment
        # the portal decides as superuser on the customer's behalf: sign the
        # note with the customer's name rather than OdooBot's
        author_id = self.env.context.get("complaint_decision_author_id")
        self.message_post(
            body=body, subtype_xmlid="mail.mt_note", author_id=author_id or None
        )
        if decision == "accepted":
            line = self.env._(
                "%(customer)s accepted %(compensation)s (%(amount)s).",
                customer=customer,
                compensation=self.display_name,
                amount=self._format_amount(),
            )
        else:
            line = self.env._(
                "%(customer)s declined %(compensation)s (%(amount)s).",
                customer=customer,
                compensation=self.display_name,
                amount=self._format_amount(),
            )
        line = Markup("<p>%s</p>") % line
        if comment:
            line += Markup("<p><em>%s</em></p>") % comment
        self._post_on_complaint(line, author_id=author_id)
        if self.state == "done":
            return
        agent = self.ticket_id.user_id or self.requested_by_id
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=agent.id,
            summary=summary,
            note=note,
        )

    # ------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------

    def _promise_watch_domain(self):
        return [
            ("state", "=", "accepted"),
            ("promised_date", "!=", False),
        ]

    @api.model
    def _cron_compensation_promised_dates(self, batch_size=500):
        """The deadline watch of remedies: remind the agent once the day
        before the date promised to the customer, alert the team leader (else
        the complaint managers) once when it passed undelivered."""
        today = fields.Date.context_today(self)
        remind = self._promise_watch_domain() + [
            ("promise_reminded", "=", False),
            ("promised_date", "<=", today + timedelta(days=1)),
            ("promised_date", ">=", today),
        ]
        escalate = self._promise_watch_domain() + [
            ("promise_escalated", "=", False),
            ("promised_date", "<", today),
        ]
        to_remind = self.search(remind, limit=batch_size, order="promised_date")
        for remedy in to_remind:
            remedy.activity_schedule(
                ACTIVITY_PROMISE_NEAR,
                date_deadline=remedy.promised_date,
                user_id=(remedy.ticket_id.user_id or remedy.requested_by_id).id,
                note=self.env._(
                    "%(remedy)s was promised to the customer by %(date)s: deliver "
                    "it, or tell them now if the date will slip.",
                    remedy=remedy.display_name,
                    date=format_date(self.env, remedy.promised_date),
                ),
            )
        to_remind._set_workflow_values({"promise_reminded": True})
        to_escalate = self.search(
            escalate, limit=batch_size - len(to_remind), order="promised_date"
        )
        managers = self.env.ref("complaint_management.group_complaint_manager").users
        for remedy in to_escalate:
            leaders = remedy.ticket_id.team_id.user_id or managers.filtered(
                lambda u, r=remedy: r.company_id in u.company_ids and not u.share
            )
            note = self.env._(
                "%(remedy)s was promised to the customer by %(date)s and is "
                "not delivered.",
                remedy=remedy.display_name,
                date=format_date(self.env, remedy.promised_date),
            )
            for leader in leaders:
                remedy.activity_schedule(
                    ACTIVITY_PROMISE_MISSED, user_id=leader.id, note=note
                )
            remedy._post_on_complaint(Markup("<p>%s</p>") % note)
        to_escalate._set_workflow_values({"promise_escalated": True})
        self.env["ir.cron"]._notify_progress(
            done=len(to_remind) + len(to_escalate),
            remaining=self.search_count(remind) + self.search_count(escalate),
        )
