# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPLAINT_KINDS = [
    ("staff", "Staff conduct"),
    ("organisation", "The organisation"),
    ("quality", "Product or service quality"),
    ("other", "Other"),
]


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    complaint_kind = fields.Selection(
        selection=COMPLAINT_KINDS,
        compute="_compute_complaint_kind",
        store=True,
        readonly=False,
        recursive=True,
        index=True,
        help="Tickets in a category with a complaint kind are complaints. "
        "A sub-category takes its parent's kind unless it sets its own; "
        "leave empty for ordinary support categories.",
    )
    complaint_response_days = fields.Integer(
        string="Response Time (working days)",
        default=10,
        help="Working days, on the company's working calendar, within which "
        "the customer receives a reasoned answer to a complaint in this category.",
    )

    complaint_requires_action = fields.Boolean(
        string="Requires an Action Plan",
        help="A justified or partly justified complaint in this category cannot "
        "be closed until an action plan (at least open) is linked to it.",
    )

    @api.depends("parent_id.complaint_kind")
    def _compute_complaint_kind(self):
        for category in self:
            category.complaint_kind = (
                category.complaint_kind or category.parent_id.complaint_kind
            )

    @api.constrains("complaint_response_days")
    def _check_complaint_response_days(self):
        for category in self:
            if category.complaint_response_days < 1:
                raise ValidationError(
                    self.env._(
                        "The response time of category %(category)s must be at "
                        "least one working day.",
                        category=category.complete_name,
                    )
                )
