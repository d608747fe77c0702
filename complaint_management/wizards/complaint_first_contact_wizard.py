# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ComplaintFirstContactWizard(models.TransientModel):
    _name = "complaint.first.contact.wizard"
    _description = "Close a Complaint Resolved at First Contact"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    agreement = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]
        ._fields["complaint_fcr_agreement"]
        ._description_selection(self.env),
        string="Customer Agreed",
        required=True,
        help="How the customer agreed to the resolution.",
    )
    assessment = fields.Selection(
        selection=[
            ("justified", "Justified"),
            ("partially_justified", "Partly justified"),
            ("unjustified", "Unjustified"),
        ],
        required=True,
        default="justified",
    )
    resolution = fields.Text(
        string="What Was Agreed",
        required=True,
        help="Sent to the customer as the written confirmation.",
    )
    refusal = fields.Char(compute="_compute_refusal")

    @api.depends("ticket_id")
    @api.depends_context("uid")
    def _compute_refusal(self):
        for wizard in self:
            wizard.refusal = wizard.ticket_id._get_first_contact_refusal(self.env.user)

    def action_resolve(self):
        self.ensure_one()
        self.ticket_id._complaint_resolve_first_contact(
            self.agreement, self.resolution, self.assessment
        )
        return {"type": "ir.actions.act_window_close"}
