# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CLOCK_KINDS = [
    ("acknowledgement", "Acknowledgement"),
    ("summary_resolution", "Summary Resolution"),
    ("holding_reply", "Holding Reply"),
    ("final_response", "Final Response"),
    ("remedy", "Remedy"),
]
DEMANDS = [
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("replacement_check", "Replacement after a Quality Check"),
    ("repair", "Repair"),
    ("price_reduction", "Price Reduction"),
    ("service_redo", "Service Done Again"),
]
CLOCK_UNITS = [
    ("business_days", "Business Days"),
    ("calendar_days", "Calendar Days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
]
CLOCK_EVENTS = [
    ("receipt", "Receipt"),
    ("registration", "Registration"),
    ("demand", "Customer's Demand"),
]


class ComplaintRegimeClock(models.Model):
    """What is due under a regime, by when, from which event."""

    _name = "complaint.regime.clock"
    _description = "Complaint Regime Clock"
    _order = "regime_id, sequence, id"

    regime_id = fields.Many2one(
        comodel_name="complaint.regime",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="regime_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(selection=CLOCK_KINDS, required=True)
    demand = fields.Selection(
        selection=DEMANDS,
        help="For remedy clocks: the customer's demand this clock runs for.",
    )
    duration = fields.Integer(required=True, default=10)
    unit = fields.Selection(
        selection=CLOCK_UNITS, required=True, default="business_days"
    )
    from_category = fields.Boolean(
        string="Duration from the Category",
        help="The duration is the complaint category's response time, in "
        "working days, as the company's own policy sets it.",
    )
    extended_duration = fields.Integer(
        help="The limit, in the same unit and from the same event, a holding "
        "reply giving reasons may move this clock to. Zero: no extension.",
    )
    from_event = fields.Selection(
        selection=CLOCK_EVENTS,
        required=True,
        default="registration",
        help="The event the clock counts from: the complaint's receipt, its "
        "registration, or the customer's demand.",
    )
    legal_reference = fields.Char(
        translate=True, help="The article of the law that sets this clock."
    )
    governing = fields.Boolean(
        help="The complaint's response deadline follows this clock: "
        "reminders, escalation, the portal and the letter use it.",
    )

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration > 0 AND extended_duration >= 0)",
            "A clock's duration must be positive, its extension not negative.",
        ),
    ]

    @api.constrains("kind", "demand", "extended_duration", "duration")
    def _check_demand(self):
        for clock in self:
            if clock.kind == "remedy" and not clock.demand:
                raise ValidationError(
                    self.env._(
                        "Clock %(clock)s: a remedy clock runs for a demand: "
                        "choose it.",
                        clock=clock.name,
                    )
                )
            if clock.extended_duration and clock.extended_duration < clock.duration:
                raise ValidationError(
                    self.env._(
                        "Clock %(clock)s: the extended limit cannot be shorter "
                        "than the clock itself.",
                        clock=clock.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen_on_complaints(self):
        """Complaints keep the clocks they were registered with: a clock
        they run on is archived with its regime, never deleted. (At
        uninstall the complaints' clocks go with it: the link cascades.)"""
        used = (
            self.env["complaint.clock"]
            .sudo()
            .search([("regime_clock_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._(
                    "Clock %(clock)s runs on registered complaints and stays with "
                    "them: archive its regime instead of deleting it.",
                    clock=used.regime_clock_id.name,
                )
            )
