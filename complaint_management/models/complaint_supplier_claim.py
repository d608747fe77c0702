# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from .helpdesk_ticket import ASSESSED

# Fields only the claim's actions write: who sent it, who recorded the
# supplier's answer, and what was recovered.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "sent_by_id",
        "sent_date",
        "decided_by_id",
        "decided_date",
        "recovered_amount",
        "deadline_notified",
        "reminder_sent",
    }
)
# A claim in these states still stands: a second one for the same complaint
# and supplier is refused (a refused or cancelled claim leaves room for one).
OPEN_STATES = ("draft", "sent")
STANDING_STATES = ("draft", "sent", "accepted", "partial")
# The supplier answered.
DECIDED_STATES = ("accepted", "partial", "refused")
# The supplier agreed to pay (all or part).
RECOVERED_STATES = ("accepted", "partial")
ACTIVITY_OVERDUE = "complaint_management.mail_activity_supplier_claim_overdue"
ACTIVITY_REMINDER = "complaint_management.mail_activity_supplier_claim_reminder"
DEFAULT_ANSWER_DAYS = 14
# the database's guard against two cursors opening the same claim
STANDING_INDEX = "complaint_supplier_claim_standing_uniq"
# What the supplier was sent: fixed once the claim leaves draft.
TERMS_FIELDS = frozenset(
    {"ticket_id", "partner_id", "product_id", "amount", "currency_id", "company_id"}
)


class ComplaintSupplierClaim(models.Model):
    _name = "complaint.supplier.claim"
    _description = "Supplier Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _workflow_fields = WORKFLOW_FIELDS
    _workflow_initial_values = {
        "state": "draft",
        "recovered_amount": 0.0,
        "deadline_notified": False,
        "reminder_sent": False,
    }

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_complaint', '=', True), ('complaint_fault', '=', 'supplier')]",
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    complaint_ref = fields.Char(related="ticket_id.complaint_ref")
    # the complaint's customer: the customer card counts what was recovered
    customer_id = fields.Many2one(
        related="ticket_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The vendor the claim is sent to: by default the first vendor of "
        "the product's vendor list.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    lot_name = fields.Char(
        string="Lot/Serial Number",
        help="The lot or serial number of the faulty goods, where known.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    amount = fields.Monetary(
        string="Amount to Recover",
        currency_field="currency_id",
        tracking=True,
        help="What the company claims from the supplier: the cost the "
        "supplier's fault caused.",
    )
    recovered_amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        tracking=True,
        help="What the supplier agreed to pay back; recorded with its answer.",
    )
    complaint_assessment = fields.Selection(
        related="ticket_id.complaint_assessment", string="Assessment"
    )
    description = fields.Text(
        string="What We Found",
        compute="_compute_description",
        store=True,
        readonly=False,
        precompute=True,
        help="What went wrong, in words the supplier reads in the claim's mail: "
        "by default the findings written for the customer.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="complaint_supplier_claim_attachment_rel",
        column1="claim_id",
        column2="attachment_id",
        string="Evidence",
        compute="_compute_attachment_ids",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="The complaint's attachments (photos, receipts) sent with the claim.",
    )
    date_deadline = fields.Date(
        string="Answer Due",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self)
        + timedelta(days=DEFAULT_ANSWER_DAYS),
        help="By when the supplier is asked to answer; past it, the agent is "
        "told to chase the supplier.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("accepted", "Accepted"),
            ("partial", "Partly Accepted"),
            ("refused", "Refused"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    sent_by_id = fields.Many2one(
        comodel_name="res.users", string="Sent By", readonly=True, copy=False
    )
    sent_date = fields.Datetime(string="Sent On", readonly=True, copy=False)
    decided_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Answer Recorded By",
        readonly=True,
        copy=False,
        tracking=True,
    )
    decided_date = fields.Datetime(
        string="Answer Recorded On", readonly=True, copy=False
    )
    outcome_note = fields.Text(
        string="Supplier's Answer",
        copy=False,
        help="What the supplier answered, and why, if it refused or paid less.",
    )
    deadline_notified = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The agent was told the supplier's answer is overdue.",
    )
    reminder_date = fields.Date(
        string="Reminder On",
        compute="_compute_reminder_date",
        store=True,
        index=True,
        help="When the agent is reminded that the supplier's answer is due "
        "soon: the company's reminder lead time (in working days) before the "
        "answer date, as for complaints.",
    )
    reminder_sent = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The agent was reminded that the supplier's answer is due soon.",
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    _sql_constraints = [
        (
            "amount_not_negative",
            "CHECK(amount >= 0 AND recovered_amount >= 0)",
            "The amount to recover and the recovered amount cannot be negative.",
        ),
        (
            "recovered_within_claim",
            "CHECK(recovered_amount <= amount)",
            "The supplier cannot pay back more than the amount claimed.",
        ),
    ]

    def init(self):
        # two agents (two cursors) opening a claim for the same complaint and
        # supplier at once: the database keeps one, the second insert fails
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS complaint_supplier_claim_standing_uniq
                ON complaint_supplier_claim (ticket_id, partner_id)
             WHERE state NOT IN ('refused', 'cancel')
            """
        )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("ticket_id")
    def _compute_company_id(self):
        for claim in self:
            claim.company_id = (
                claim.ticket_id.company_id or claim.company_id or self.env.company
            )

    @api.depends("ticket_id")
    def _compute_product_id(self):
        for claim in self:
            if claim.ticket_id.complaint_product_id:
                claim.product_id = claim.ticket_id.complaint_product_id

    @api.depends("ticket_id", "product_id", "company_id")
    def _compute_partner_id(self):
        for claim in self:
            if claim.partner_id or not claim.product_id:
                continue
            claim.partner_id = claim._get_default_supplier(
                claim.ticket_id, claim.product_id, claim.company_id or self.env.company
            )

    @api.depends("ticket_id")
    def _compute_description(self):
        for claim in self:
            if not claim.description:
                claim.description = claim.ticket_id.complaint_customer_findings

    @api.depends("ticket_id")
    def _compute_attachment_ids(self):
        for claim in self:
            claim.attachment_ids = claim._get_complaint_evidence(claim.ticket_id)

    @api.depends("date_deadline", "company_id.complaint_reminder_days")
    def _compute_reminder_date(self):
        for claim in self:
            claim.reminder_date = claim._get_reminder_date()

    def _get_reminder_date(self):
        """The working day the company's lead time before the answer date
        (calendar days without a working calendar); the answer date itself
        without a lead time."""
        self.ensure_one()
        deadline = self.date_deadline
        company = self.company_id or self.env.company
        lead_days = max(company.complaint_reminder_days, 0)
        if not deadline or not lead_days:
            return deadline
        calendar = company.resource_calendar_id
        if calendar:
            window = 2 * lead_days + 7
            days = calendar._get_complaint_working_days(
                calendar.tz or "UTC", deadline - timedelta(days=window), window
            )
            before = [day for day in days if day < deadline]
            if len(before) >= lead_days:
                return before[-lead_days]
        return deadline - timedelta(days=lead_days)

    @api.depends("state", "date_deadline")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for claim in self:
            claim.overdue = bool(claim.state == "sent" and claim.date_deadline < today)

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Overdue can only be searched as true or false.")
            )
        domain = [
            ("state", "=", "sent"),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&"] + domain

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains("ticket_id", "product_id")
    def _check_supplier_at_fault(self):
        for claim in self:
            reason = claim._get_claim_refusal(claim.ticket_id)
            if reason:
                raise ValidationError(reason)

    @api.constrains("amount", "recovered_amount")
    def _check_amounts(self):
        for claim in self:
            if claim.currency_id.compare_amounts(claim.amount, 0) < 0:
                raise ValidationError(self._negative_amount_message())
            if (
                claim.currency_id.compare_amounts(claim.recovered_amount, claim.amount)
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(claim)s claims %(amount)s: the supplier cannot pay "
                        "back more than that.",
                        claim=claim.name,
                        amount=claim._format_amount(),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        Ticket = self.env["helpdesk.ticket"]
        Partner = self.env["res.partner"]
        pairs = []
        for vals in vals_list:
            if vals.get("amount") and vals["amount"] < 0:
                # refused with a sentence, before the database refuses it
                raise ValidationError(self._negative_amount_message())
            if vals.get("state", "draft") not in STANDING_STATES:
                continue
            ticket = Ticket.browse(vals.get("ticket_id"))
            supplier = Partner.browse(vals.get("partner_id"))
            if not supplier and ticket:
                product = (
                    self.env["product.product"].browse(vals.get("product_id"))
                    or ticket.complaint_product_id
                )
                company = self.env["res.company"].browse(vals.get("company_id")) or (
                    ticket.company_id or self.env.company
                )
                supplier = self._get_default_supplier(ticket, product, company)
            pairs.append((ticket, supplier, self))
        # before the insert: the database's unique index (which settles two
        # cursors racing) would refuse it without saying which claim stands
        self._check_no_standing_claim(pairs)
        try:
            with self.env.cr.savepoint():
                claims = super().create(vals_list)
        except UniqueViolation as error:
            if error.diag.constraint_name != STANDING_INDEX:
                raise
            # another cursor opened the same claim between the check above
            # and this insert (two agents, a retried job): its claim stands
            raise UserError(
                self.env._(
                    "Another user has just opened a claim for this complaint "
                    "against the same supplier: reload the complaint and follow "
                    "that claim up instead of opening a second one."
                )
            ) from None
        for claim in claims:
            # sudo: the claim numbers are technical data agents cannot read
            sequence = self.env["ir.sequence"].sudo().with_company(claim.company_id)
            claim.name = sequence.next_by_code("complaint.supplier.claim") or "/"
        return claims

    def write(self, vals):
        changed_terms = TERMS_FIELDS.intersection(vals)
        if changed_terms and any(claim.state != "draft" for claim in self):
            # the computes of a new claim's draft may set them; a sent claim's
            # terms are what the supplier read
            raise UserError(
                self.env._(
                    "A claim sent to the supplier keeps the complaint, supplier, "
                    "product and amount it was sent with: cancel it and open a "
                    "new one to claim something else."
                )
            )
        if {"ticket_id", "partner_id"}.intersection(vals):
            self._check_no_standing_claim(
                [
                    (
                        self.env["helpdesk.ticket"].browse(vals["ticket_id"])
                        if "ticket_id" in vals
                        else claim.ticket_id,
                        self.env["res.partner"].browse(vals["partner_id"])
                        if "partner_id" in vals
                        else claim.partner_id,
                        claim,
                    )
                    for claim in self.filtered(lambda c: c.state in STANDING_STATES)
                ]
            )
        if "date_deadline" in vals:
            # a new date for the supplier's answer is watched anew
            self.filtered(
                lambda c: c.deadline_notified or c.reminder_sent
            )._set_workflow_values({"deadline_notified": False, "reminder_sent": False})
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(claim.state != "draft" for claim in self):
            raise UserError(
                self.env._(
                    "A claim sent to a supplier is kept: cancel it instead of "
                    "deleting it."
                )
            )

    def _check_no_standing_claim(self, pairs):
        """Refuse a claim for a complaint and supplier that already have a
        standing one: ``pairs`` of (complaint, supplier, claim to ignore)."""
        pairs = [(t, p, c) for t, p, c in pairs if t and p]
        if not pairs:
            return
        standing = self.search(
            [
                ("ticket_id", "in", [ticket.id for ticket, _p, _c in pairs]),
                ("state", "in", STANDING_STATES),
            ]
        )
        for ticket, supplier, ignored in pairs:
            others = standing.filtered(
                lambda other, t=ticket, p=supplier, i=ignored: other not in i
                and other.ticket_id == t
                and other.partner_id == p
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s already has claim %(claim)s "
                        "against %(supplier)s: follow that one up, or cancel it "
                        "before opening another.",
                        complaint=ticket.display_name,
                        claim=others[0].name,
                        supplier=supplier.display_name,
                    )
                )

    def _negative_amount_message(self):
        return self.env._(
            "The amount to recover cannot be negative: enter what the "
            "supplier's fault cost the company."
        )

    def _workflow_error_message(self, field_names):
        return self.env._(
            "The state, the stamps and the recovered amount of a supplier claim "
            "change only through its buttons (Send to Supplier, Record Answer, "
            "Cancel)."
        )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            subtype = self.env.ref(
                f"complaint_management.mt_supplier_claim_{self.state}",
                raise_if_not_found=False,
            )
            if subtype:
                return subtype
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_send(self):
        """Mail the claim to the supplier in its language, with the
        complaint's facts and its evidence attached."""
        template = self.env.ref(
            "complaint_management.mail_template_supplier_claim",
        )
        for claim in self:
            claim._check_state(("draft",), self.env._("sent"))
            if claim.currency_id.compare_amounts(claim.amount, 0) <= 0:
                raise UserError(
                    self.env._(
                        "Enter the amount to recover from the supplier before "
                        "sending the claim."
                    )
                )
            if not claim.partner_id.email:
                raise UserError(
                    self.env._(
                        "%(supplier)s has no e-mail address: add one on the "
                        "supplier before sending the claim.",
                        supplier=claim.partner_id.display_name,
                    )
                )
            claim._set_workflow_values(
                {
                    "state": "sent",
                    "sent_by_id": self.env.uid,
                    "sent_date": fields.Datetime.now(),
                }
            )
            claim.message_subscribe(partner_ids=claim.partner_id.ids)
            claim.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
                attachment_ids=claim._copy_evidence().ids,
            )
            claim._post_on_complaint(
                self.env._(
                    "Supplier claim %(claim)s (%(amount)s) sent to %(supplier)s; "
                    "answer due by %(deadline)s.",
                    claim=claim.name,
                    amount=claim._format_amount(),
                    supplier=claim.partner_id.display_name,
                    deadline=claim.date_deadline,
                )
            )
        return True

    def action_accept(self, note=None):
        """The supplier pays back the whole amount claimed."""
        for claim in self:
            claim._record_outcome("accepted", claim.amount, note)
        return True

    def action_partly_accept(self, recovered_amount, note=None):
        """The supplier pays back part of the amount claimed."""
        for claim in self:
            claim._record_outcome("partial", recovered_amount, note)
        return True

    def action_refuse(self, note=None):
        """The supplier refuses to pay."""
        for claim in self:
            claim._record_outcome("refused", 0.0, note)
        return True

    def action_open_outcome_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supplier's Answer"),
            "res_model": "complaint.supplier.claim.outcome.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_claim_id": self.id,
                "default_recovered_amount": self.amount,
            },
        }

    def action_cancel(self):
        for claim in self:
            claim._check_state(("draft", "sent"), self.env._("cancelled"))
            claim._set_workflow_values({"state": "cancel"})
        self.activity_unlink([ACTIVITY_OVERDUE, ACTIVITY_REMINDER])
        return True

    def action_view_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "res_id": self.ticket_id.id,
        }

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    @api.model
    def _get_default_supplier(self, ticket, product, company):
        """The supplier a new claim on ``ticket`` about ``product`` is sent to
        by default: the product's first vendor (the returns bridge prefers the
        vendor that delivered the complaint's lot)."""
        return self._get_default_supplier_of(product, company)

    @api.model
    def _get_default_supplier_of(self, product, company):
        """The first vendor of the product's vendor list for the company."""
        if not product:
            return self.env["res.partner"]
        # sudo: the vendor list is purchase data an agent may not read; only
        # the vendor's name is proposed, the agent can choose another
        sellers = product.sudo().with_company(company)._prepare_sellers()
        return sellers[:1].partner_id.with_env(self.env)

    @api.model
    def _get_claim_refusal(self, ticket):
        """Why no supplier claim can be opened on ``ticket``, or False: the
        complaint must be assessed with a supplier at fault and name the
        product concerned."""
        # sudo: the assessment's fault is internal; the rule reads it for
        # whoever creates the claim, on whatever route
        ticket = ticket.sudo()
        if not ticket.is_complaint:
            return self.env._(
                "%(ticket)s is not a complaint: supplier claims are opened on "
                "complaints only.",
                ticket=ticket.display_name,
            )
        if ticket.complaint_assessment not in ASSESSED or (
            ticket.complaint_fault != "supplier"
        ):
            return self.env._(
                "Complaint %(ticket)s is not assessed with a supplier at fault: "
                "assess it first (At Fault: A supplier) to claim the cost from "
                "the supplier.",
                ticket=ticket.display_name,
            )
        if not ticket.complaint_product_id:
            return self.env._(
                "Complaint %(ticket)s names no product: set the product concerned "
                "before claiming from its supplier.",
                ticket=ticket.display_name,
            )
        return False

    @api.model
    def _get_complaint_evidence(self, ticket):
        """The complaint's attachments (photos, receipts), without the
        response letter written to the customer."""
        if not ticket:
            return self.env["ir.attachment"]
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)],
            order="id",
        )
        if ticket.complaint_response_sent_date:
            attachments -= ticket._get_complaint_response_letter()
        return attachments

    def _record_outcome(self, outcome, recovered_amount, note):
        self.ensure_one()
        self._lock_for_decision()
        self._check_state(("sent",), self.env._("answered"))
        currency = self.currency_id
        recovered_amount = currency.round(recovered_amount or 0.0)
        if currency.compare_amounts(recovered_amount, 0) < 0:
            raise UserError(self.env._("The recovered amount cannot be negative."))
        if currency.compare_amounts(recovered_amount, self.amount) > 0:
            raise UserError(
                self.env._(
                    "%(claim)s claims %(amount)s: the supplier cannot pay back "
                    "more (%(recovered)s).",
                    claim=self.name,
                    amount=self._format_amount(),
                    recovered=self._format_amount(recovered_amount),
                )
            )
        if outcome == "partial" and (
            currency.is_zero(recovered_amount)
            or currency.compare_amounts(recovered_amount, self.amount) == 0
        ):
            raise UserError(
                self.env._(
                    "A partly accepted claim recovers more than nothing and less "
                    "than the amount claimed (%(amount)s): record it as accepted "
                    "or refused otherwise.",
                    amount=self._format_amount(),
                )
            )
        note = (note or "").strip()
        if outcome in ("partial", "refused") and not note:
            raise UserError(
                self.env._(
                    "Note what the supplier answered: why it refused or paid "
                    "less than claimed."
                )
            )
        self._set_workflow_values(
            {
                "state": outcome,
                "recovered_amount": recovered_amount,
                "decided_by_id": self.env.uid,
                "decided_date": fields.Datetime.now(),
            }
        )
        if note:
            self.outcome_note = note
        self.activity_feedback([ACTIVITY_OVERDUE, ACTIVITY_REMINDER])
        states = dict(self._fields["state"]._description_selection(self.env))
        self._post_on_complaint(
            self.env._(
                "Supplier claim %(claim)s: %(outcome)s by %(supplier)s, "
                "%(recovered)s recovered of %(amount)s.",
                claim=self.name,
                outcome=states[outcome].lower(),
                supplier=self.partner_id.display_name,
                recovered=self._format_amount(recovered_amount),
                amount=self._format_amount(),
            )
        )
        if outcome in RECOVERED_STATES:
            self._complaint_recover()
        return True

    def _complaint_recover(self):
        """The supplier agreed to pay: make the recovery real. The core makes
        no document; the accounting bridge books a vendor credit note."""
        return True

    def _copy_evidence(self):
        """The evidence as attachments of the claim's own message, so the
        supplier's mail carries them and the claim keeps what was sent."""
        self.ensure_one()
        # sudo: the complaint's attachments were chosen as evidence by the
        # agent, who reads the complaint; the copies belong to the claim
        return (
            self.env["ir.attachment"]
            .concat(
                *(
                    attachment.sudo().copy({"res_model": self._name, "res_id": self.id})
                    for attachment in self.attachment_ids
                )
            )
            .with_env(self.env)
        )

    def _format_amount(self, amount=None):
        return format_amount(
            self.env, self.amount if amount is None else amount, self.currency_id
        )

    def _post_on_complaint(self, body):
        """A line on the complaint's chatter for a step of the claim; an
        internal note that notifies no one."""
        self.ensure_one()
        # sudo: the step was taken on the claim; its trace on the complaint
        # needs no write access to it. The author stays the user who acted.
        self.ticket_id.sudo().message_post(
            body=Markup("<p>%s</p>") % body,
            subtype_xmlid="mail.mt_note",
            message_type="comment",
            author_id=self.env.user.partner_id.id,
        )

    @api.model
    def _complaint_sum_recovery(self, domain, group_field, target):
        """{record id: {"claimed", "recovered", "decided_claimed"}} of the
        claims in ``domain`` grouped by ``group_field``, converted into the
        currency ``target(record)`` returns as (currency, company): one
        grouped query whatever the number of records."""
        today = fields.Date.context_today(self)
        figures = defaultdict(lambda: defaultdict(float))
        rates = {}
        groups = self._read_group(
            domain + [("state", "not in", ("draft", "cancel"))],
            [group_field, "state", "currency_id"],
            ["amount:sum", "recovered_amount:sum", "__count"],
        )
        for record, state, currency, amount, recovered, count in groups:
            to_currency, company = target(record)
            key = (currency, to_currency, company)
            if key not in rates:
                rates[key] = currency._get_conversion_rate(
                    currency, to_currency, company, today
                )
            rate = rates[key]
            row = figures[record.id]
            row["count"] += count
            row["claimed"] += amount * rate
            row["recovered"] += recovered * rate
            if state in DECIDED_STATES:
                row["decided_claimed"] += amount * rate
        return figures

    @api.model
    def _complaint_recovered_amount(self, ticket_domain, company):
        """What suppliers agreed to pay back on the complaints of
        ``ticket_domain``, in the company's currency."""
        total = 0.0
        today = fields.Date.context_today(self)
        groups = self._read_group(
            [("ticket_id", "any", ticket_domain), ("state", "in", RECOVERED_STATES)],
            ["currency_id"],
            ["recovered_amount:sum"],
        )
        for currency, amount in groups:
            total += currency._convert(amount, company.currency_id, company, today)
        return total

    # ------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------

    def _overdue_to_notify_domain(self):
        return [
            ("state", "=", "sent"),
            ("deadline_notified", "=", False),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]

    @api.model
    def _cron_supplier_claim_overdue(self, batch_size=200):
        """Tell the responsible once when a supplier has not answered by the
        claim's deadline."""
        self._schedule_activity_once(
            self._overdue_to_notify_domain(),
            ACTIVITY_OVERDUE,
            "deadline_notified",
            lambda claim: self.env._(
                "%(supplier)s has not answered claim %(claim)s (%(amount)s), "
                "due by %(deadline)s: remind the supplier, or record its "
                "answer.",
                **claim._activity_note_values(),
            ),
            batch_size,
        )

    def _reminder_to_send_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "sent"),
            ("reminder_sent", "=", False),
            ("reminder_date", "<=", today),
            ("date_deadline", ">=", today),
        ]

    @api.model
    def _cron_supplier_claim_reminder(self, batch_size=200):
        """Remind the responsible once, the company's lead time before the
        supplier's answer is due, as complaints remind their agent."""
        self._schedule_activity_once(
            self._reminder_to_send_domain(),
            ACTIVITY_REMINDER,
            "reminder_sent",
            lambda claim: self.env._(
                "%(supplier)s is to answer claim %(claim)s (%(amount)s) by "
                "%(deadline)s: check with the supplier that the answer is "
                "on its way.",
                **claim._activity_note_values(),
            ),
            batch_size,
            due_on_deadline=True,
        )

    def _schedule_activity_once(
        self, domain, activity, stamp, note, batch_size, due_on_deadline=False
    ):
        """One activity for the responsible of each claim in ``domain`` (a
        batch of them), then ``stamp`` set so that no later run repeats it."""
        claims = self.search(domain, limit=batch_size, order="date_deadline, id")
        for claim in claims:
            claim.activity_schedule(
                activity,
                date_deadline=claim.date_deadline if due_on_deadline else None,
                user_id=(claim.user_id or claim.sent_by_id or self.env.user).id,
                note=note(claim),
            )
        claims._set_workflow_values({stamp: True})
        self.env["ir.cron"]._notify_progress(
            done=len(claims), remaining=self.search_count(domain)
        )

    def _activity_note_values(self):
        self.ensure_one()
        return {
            "supplier": self.partner_id.display_name,
            "claim": self.name,
            "amount": self._format_amount(),
            "deadline": self.date_deadline,
        }
