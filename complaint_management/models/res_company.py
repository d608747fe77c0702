# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

COMPLAINT_SEQUENCE_CODE = "helpdesk.ticket.complaint"


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_compensation_warning_amount = fields.Monetary(
        string="Compensation Warning Threshold",
        currency_field="currency_id",
        help="Warn agents when a customer's compensation over the last 12 "
        "months exceeds this amount. Zero disables the warning.",
    )

    complaint_recurring_threshold = fields.Integer(
        string="Recurring Problem: Complaints",
        default=3,
        help="A category with at least this many complaints within the period "
        "is a recurring problem.",
    )
    complaint_recurring_days = fields.Integer(
        string="Recurring Problem: Days", default=30
    )

    complaint_followup_hours = fields.Integer(
        string="Satisfaction Follow-up After (hours)",
        default=24,
        help="Hours after a complaint is closed before the customer is asked "
        "whether they are satisfied.",
    )
    complaint_escalation_enabled = fields.Boolean(
        string="Escalate Overdue Complaints", default=True
    )
    complaint_reminder_days = fields.Integer(
        string="Reminder Lead Time (working days)",
        default=1,
        help="Working days before the deadline when the agent is reminded.",
    )
    complaint_recourse_text = fields.Html(
        string="Where to Turn If the Customer Disagrees",
        translate=True,
        help="Printed on every response letter: the ombudsman, arbitration body "
        "or consumer authority the customer may turn to.",
    )

    def _get_complaint_sequence(self):
        """The company's own complaint journal sequence, created on first use.

        Each company numbers its journal independently; a shared sequence
        (company_id False) would interleave the companies' numbers.
        """
        self.ensure_one()
        # sudo: ir.sequence is technical data agents cannot read; we only
        # read or create this company's own complaint journal sequence.
        sequences = self.env["ir.sequence"].sudo()
        sequence = sequences.search(
            [("code", "=", COMPLAINT_SEQUENCE_CODE), ("company_id", "=", self.id)],
            limit=1,
        )
        if not sequence:
            sequence = sequences.create(
                {
                    "name": self.env._("Complaint journal (%s)", self.name),
                    "code": COMPLAINT_SEQUENCE_CODE,
                    "company_id": self.id,
                    "prefix": "CMP/%(year)s/",
                    "padding": 5,
                }
            )
        return sequence
