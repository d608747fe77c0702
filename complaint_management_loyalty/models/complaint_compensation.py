# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.complaint_management.models.complaint_compensation import (
    GRANTED_STATES,
)

# The loyalty programmes that deliver each type of compensation: store credit
# tops up the customer's eWallet or issues a gift card; a discount becomes a
# single-use coupon only when the agent chooses a coupon programme.
STORE_CREDIT_PROGRAM_TYPES = ("ewallet", "gift_card")
COUPON_PROGRAM_TYPES = ("coupons",)
LOYALTY_PROGRAM_TYPES = {
    "store_credit": STORE_CREDIT_PROGRAM_TYPES,
    "discount": COUPON_PROGRAM_TYPES,
}
# Stamps of the card issued, written only when it is issued.
LOYALTY_WORKFLOW_FIELDS = frozenset({"loyalty_card_id", "loyalty_points_issued"})


class ComplaintCompensation(models.Model):
    _inherit = "complaint.compensation"

    loyalty_program_id = fields.Many2one(
        comodel_name="loyalty.program",
        string="Loyalty Program",
        compute="_compute_loyalty_program_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
        domain="[('program_type', 'in', "
        "['coupons'] if compensation_type == 'discount' "
        "else ['ewallet', 'gift_card'])]",
        help="Store credit: the eWallet the amount is added to, or the gift "
        "card program that issues a card for it (the company's default unless "
        "you choose another). Discount: a coupon program, to give a single-use "
        "code instead of a credit note.",
    )
    loyalty_program_type = fields.Selection(related="loyalty_program_id.program_type")
    loyalty_card_id = fields.Many2one(
        comodel_name="loyalty.card",
        string="Card Issued",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The eWallet, gift card or coupon credited when the customer " "accepted.",
    )
    loyalty_points_issued = fields.Float(
        string="Credited on the Card",
        readonly=True,
        copy=False,
        help="What this compensation added to the card, in the program's points "
        "(for an eWallet or a gift card: its currency).",
    )
    loyalty_points_issued_display = fields.Char(
        string="Credited Value",
        compute="_compute_loyalty_points_issued_display",
        compute_sudo=True,
    )
    loyalty_code = fields.Char(related="loyalty_card_id.code", string="Code")
    loyalty_points_left = fields.Float(
        related="loyalty_card_id.points", string="Balance Left"
    )
    loyalty_points_display = fields.Char(
        related="loyalty_card_id.points_display", string="Balance"
    )
    loyalty_expiration_date = fields.Date(
        string="Code Valid Until",
        compute="_compute_loyalty_expiration_date",
        compute_sudo=True,
        help="The card's expiry date, or the end of its program.",
    )
    loyalty_code_status = fields.Selection(
        selection=[("valid", "Valid"), ("used", "Used"), ("expired", "Expired")],
        string="Code Status",
        compute="_compute_loyalty_code_status",
        compute_sudo=True,
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("compensation_type", "company_id")
    def _compute_loyalty_program_id(self):
        for compensation in self:
            program = compensation.loyalty_program_id
            allowed = LOYALTY_PROGRAM_TYPES.get(compensation.compensation_type, ())
            if program and program.program_type in allowed:
                continue
            if compensation.compensation_type == "store_credit":
                program = compensation._get_default_store_credit_program()
            else:
                program = False
            compensation.loyalty_program_id = program

    @api.depends("loyalty_card_id", "loyalty_program_id")
    def _compute_granted_amount(self):
        return super()._compute_granted_amount()

    @api.depends("loyalty_card_id", "loyalty_points_issued")
    def _compute_loyalty_points_issued_display(self):
        for compensation in self:
            card = compensation.loyalty_card_id
            compensation.loyalty_points_issued_display = (
                card._format_points(compensation.loyalty_points_issued)
                if card
                else False
            )

    @api.depends(
        "loyalty_card_id.expiration_date", "loyalty_card_id.program_id.date_to"
    )
    def _compute_loyalty_expiration_date(self):
        for compensation in self:
            card = compensation.loyalty_card_id
            compensation.loyalty_expiration_date = (
                card.expiration_date or card.program_id.date_to or False
            )

    @api.depends(
        "loyalty_card_id.points",
        "loyalty_expiration_date",
        "loyalty_card_id.program_id.reward_ids.required_points",
    )
    def _compute_loyalty_code_status(self):
        today = fields.Date.context_today(self)
        for compensation in self:
            card = compensation.loyalty_card_id
            expiry = compensation.loyalty_expiration_date
            if not card:
                compensation.loyalty_code_status = False
            elif expiry and expiry < today:
                compensation.loyalty_code_status = "expired"
            elif compensation._loyalty_card_used_up(card):
                compensation.loyalty_code_status = "used"
            else:
                compensation.loyalty_code_status = "valid"

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains("loyalty_program_id", "compensation_type")
    def _check_loyalty_program_type(self):
        types = dict(self._fields["compensation_type"]._description_selection(self.env))
        for compensation in self.filtered("loyalty_program_id"):
            allowed = LOYALTY_PROGRAM_TYPES.get(compensation.compensation_type, ())
            if compensation.loyalty_program_id.program_type not in allowed:
                raise ValidationError(
                    self.env._(
                        "%(program)s cannot deliver a %(type)s: store credit goes "
                        "to an eWallet or a gift card, a discount to a coupon "
                        "program. Choose another program or none.",
                        program=compensation.loyalty_program_id.display_name,
                        type=types[compensation.compensation_type].lower(),
                    )
                )

    def _check_workflow_fields_untouched(self, vals):
        # added to the core's stamps here rather than in _workflow_fields, so
        # that other bridges can add theirs as well
        result = super()._check_workflow_fields_untouched(vals)
        forged = LOYALTY_WORKFLOW_FIELDS.intersection(vals)
        if forged and not self.env.context.get(self._workflow_context_key()):
            raise UserError(
                self.env._(
                    "The card issued for a compensation is recorded when the "
                    "customer accepts it, never written directly."
                )
            )
        return result

    def write(self, vals):
        # the program is part of the terms (a 10 % coupon is not a voucher
        # worth the amount): changing it is refused once the customer decided
        # and sends an approved offer back to approval, as the amount does
        changed = self.browse()
        if "loyalty_program_id" in vals:
            changed = self.filtered(
                lambda c: c.loyalty_program_id.id
                != (vals["loyalty_program_id"] or False)
            )
            issued = changed.filtered("loyalty_card_id")
            if issued:
                raise UserError(
                    self.env._(
                        "The code of %(compensation)s is issued already: its "
                        "loyalty program can no longer change.",
                        compensation=issued[0].display_name,
                    )
                )
            changed._check_terms_editable()
        result = super().write(vals)
        if changed:
            changed._send_back_to_approval()
        return result

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_loyalty_card(self):
        self.ensure_one()
        return self.loyalty_card_id._complaint_action_open()

    # ------------------------------------------------------------
    # Remedy hooks
    # ------------------------------------------------------------

    def _complaint_fulfil(self):
        # the compensations a card delivers (see _complaint_remedy_document):
        # never two remedies
        issuing = self.filtered(
            lambda c: c._complaint_remedied_by("loyalty_card") and not c.loyalty_card_id
        )
        for compensation in issuing:
            compensation._complaint_issue_loyalty_card()
        issuing._complaint_mark_delivered()
        for compensation in issuing:
            compensation._complaint_send_loyalty_code()
        # the rest (a discount without a coupon program, a refund...) is left
        # to the other bridges, or to the agent
        return super(ComplaintCompensation, self - issuing)._complaint_fulfil()

    def _complaint_remedy_document(self):
        # a chosen programme is an explicit choice: it claims before the
        # bridges that deliver by type
        if self.loyalty_card_id or self._complaint_loyalty_delivers():
            return "loyalty_card"
        return super()._complaint_remedy_document()

    def _complaint_granted_value(self):
        if not self._complaint_remedied_by("loyalty_card"):
            return super()._complaint_granted_value()
        # the card is the fact: granted once it is credited, not before
        if self.state in GRANTED_STATES and self.loyalty_card_id:
            return self.amount
        return 0.0

    def _complaint_before_cancel(self):
        issued = self.filtered("loyalty_card_id")
        if issued:
            raise UserError(
                self.env._(
                    "%(compensation)s was delivered with the code %(code)s: it "
                    "cannot be cancelled. Take the amount back on the card "
                    "(Loyalty > %(program)s) if it must be undone.",
                    compensation=issued[0].display_name,
                    code=issued[0].loyalty_code,
                    program=issued[0].loyalty_program_id.display_name,
                )
            )
        return super()._complaint_before_cancel()

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    def _get_default_store_credit_program(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        # sudo: the default is the company's configuration, read whatever
        # Loyalty rights the agent has
        program = company.sudo().complaint_store_credit_program_id
        if not program:
            program = (
                self.env["loyalty.program"]
                .sudo()
                .search(
                    [
                        ("program_type", "=", "ewallet"),
                        ("company_id", "in", (company.id, False)),
                    ],
                    order="sequence, id",
                    limit=1,
                )
            )
        return program.with_env(self.env)

    def _complaint_loyalty_delivers(self):
        """Whether a loyalty card delivers this compensation: a store credit or
        a discount with its program, for a customer, not issued yet."""
        self.ensure_one()
        program = self.loyalty_program_id
        return bool(
            program.active
            and program.program_type
            in LOYALTY_PROGRAM_TYPES.get(self.compensation_type, ())
            and self.partner_id
            and not self.loyalty_card_id
        )

    @api.model
    def _loyalty_card_used_up(self, card):
        """An eWallet or a gift card is used up when nothing is left on it; a
        coupon when it holds fewer points than its program's cheapest reward
        (as the sales order checks it)."""
        program = card.program_id
        if program.program_type in STORE_CREDIT_PROGRAM_TYPES:
            return program.currency_id.compare_amounts(card.points, 0) <= 0
        return card.points < min(program.reward_ids.mapped("required_points") or [1])

    def _complaint_loyalty_points(self, program):
        """The points this compensation is worth on ``program``: the amount in
        the program's currency for an eWallet, a gift card or a coupon whose
        reward is worth so much per point; one reward's points for any other
        coupon (a percentage, a free product)."""
        self.ensure_one()
        amount = self.currency_id._convert(
            self.amount,
            program.currency_id,
            self.company_id,
            fields.Date.context_today(self),
        )
        if program.program_type in STORE_CREDIT_PROGRAM_TYPES:
            return amount
        reward = program.reward_ids.sorted("required_points")[:1]
        if reward.reward_type == "discount" and reward.discount_mode == "per_point":
            return program.currency_id.round(amount / (reward.discount or 1))
        return reward.required_points or 1

    def _complaint_issue_loyalty_card(self):
        """Credit the customer's eWallet, or issue a gift card or a coupon, for
        this accepted compensation; once."""
        self.ensure_one()
        if self.loyalty_card_id:
            return self.loyalty_card_id
        # sudo: neither the agent nor the customer accepting in the portal has
        # Loyalty rights; the approval within the limits and the customer's
        # acceptance are the authority. No program mail: ours tells the code.
        program = self.loyalty_program_id.sudo()
        Card = self.env["loyalty.card"].sudo().with_context(loyalty_no_mail=True)
        points = self._complaint_loyalty_points(program)
        if program.program_type == "ewallet":
            card = Card.search(
                [
                    ("program_id", "=", program.id),
                    ("partner_id", "=", self.partner_id.id),
                ],
                order="id",
                limit=1,
            )
            if not card:
                card = self._complaint_create_ewallet(program, Card)
            # two credits at once on one card: the second transaction fails to
            # serialise and is retried, so none is lost
            card.points += points
        else:
            card = Card.create(
                {
                    "program_id": program.id,
                    "partner_id": self.partner_id.id,
                    "points": points,
                }
            )
        # sudo: as above, the history line is the card's own journal
        self.env["loyalty.history"].sudo().create(
            {
                "card_id": card.id,
                "description": self.env._(
                    "Compensation for complaint %s", self.complaint_ref or ""
                ),
                "issued": points,
                "order_model": self._name,
                "order_id": self.id,
            }
        )
        self._set_workflow_values(
            {"loyalty_card_id": card.id, "loyalty_points_issued": points}
        )
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(points)s credited on %(card)s.",
                points=card._format_points(points),
                card=card.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return card

    def _complaint_create_ewallet(self, program, Card):
        """The customer's first card of the eWallet ``program``. Two
        compensations of one customer accepted at the same moment must not
        open two eWallets: writing the customer's row makes the later of two
        such transactions fail to serialise, and its retry finds the card."""
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id = %s",
            [self.partner_id.id],
        )
        return Card.create({"program_id": program.id, "partner_id": self.partner_id.id})

    def _complaint_send_loyalty_code(self):
        self.ensure_one()
        template = self.env.ref(
            "complaint_management_loyalty.mail_template_complaint_loyalty_code"
        )
        # the portal accepts as superuser on the customer's behalf: the mail
        # comes from the agent when one acts, from the company otherwise
        author = (
            self.env.user.partner_id
            if self.env.user._is_internal() and not self.env.is_superuser()
            else self.company_id.partner_id
        )
        self._complaint_mail_customer(template, author=author)
