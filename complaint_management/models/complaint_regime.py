# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintRegime(models.Model):
    """The rules a complaint is handled under: the law's (or the company's
    own) clocks, its penalty for a late remedy, the blocks its final
    response must contain and how long its records are kept."""

    _name = "complaint.regime"
    _description = "Complaint Regime"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short technical name, e.g. RU_GOODS, UK_FCA_DISP.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty for a regime every company may use.",
    )
    description = fields.Text(translate=True)
    clock_ids = fields.One2many(
        comodel_name="complaint.regime.clock",
        inverse_name="regime_id",
        string="Clocks",
        copy=True,
    )
    letter_block_ids = fields.One2many(
        comodel_name="complaint.regime.letter.block",
        inverse_name="regime_id",
        string="Letter Blocks",
        copy=True,
    )
    # the penalty rule for a late remedy
    penalty_rate_goods = fields.Float(
        string="Penalty per Day, Goods (%)",
        digits=(16, 2),
        help="Share of the goods' price due to the customer for each day the "
        "remedy is late. Zero: no penalty.",
    )
    penalty_rate_service = fields.Float(
        string="Penalty per Day, Services (%)",
        digits=(16, 2),
        help="Share of the service's price due to the customer for each day "
        "the remedy is late. Zero: no penalty.",
    )
    penalty_cap = fields.Float(
        string="Penalty Cap (% of the price)",
        digits=(16, 2),
        help="The penalty never exceeds this share of the price: 100 caps it "
        "at the price. Zero: no cap.",
    )
    has_penalty = fields.Boolean(compute="_compute_has_penalty")
    extension_allowed = fields.Boolean(
        string="Holding Reply Allowed",
        help="A holding reply giving reasons may move the final response to "
        "the final clock's extended limit.",
    )
    retention_years = fields.Integer(
        string="Retention (years)",
        help="How long a closed complaint's personal data is kept.",
    )

    _sql_constraints = [
        (
            "penalty_non_negative",
            "CHECK(penalty_rate_goods >= 0 AND penalty_rate_service >= 0 "
            "AND penalty_cap >= 0)",
            "Penalty rates and caps cannot be negative.",
        ),
    ]

    @api.depends("penalty_rate_goods", "penalty_rate_service")
    def _compute_has_penalty(self):
        for regime in self:
            regime.has_penalty = bool(
                regime.penalty_rate_goods or regime.penalty_rate_service
            )

    @api.constrains("clock_ids")
    def _check_one_governing_clock(self):
        for regime in self:
            if len(regime.clock_ids.filtered("governing")) > 1:
                raise ValidationError(
                    self.env._(
                        "Regime %(regime)s: only one clock governs the response "
                        "deadline.",
                        regime=regime.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen_on_complaints(self):
        # the database removes the regime's clocks without the ORM: check them
        self.clock_ids._unlink_except_frozen_on_complaints()

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    def _get_governing_clock(self):
        self.ensure_one()
        return self.clock_ids.filtered("governing")[:1]

    def _get_remedy_clock(self, demand):
        self.ensure_one()
        return self.clock_ids.filtered(
            lambda c: c.kind == "remedy" and c.demand == demand
        )[:1]

    def _get_letter_blocks(self, company, summary=False):
        """The blocks a final response (or, ``summary``, a summary resolution
        communication) prints for ``company``: the company's own text of a
        block wins over the shared one."""
        self.ensure_one()
        blocks = {}
        for block in self.letter_block_ids.sorted(lambda b: (b.sequence, b.id)):
            if block.company_id and block.company_id != company:
                continue
            if summary and not block.summary_resolution:
                continue
            if block.code not in blocks or block.company_id:
                blocks[block.code] = block
        return self.env["complaint.regime.letter.block"].concat(*blocks.values())
