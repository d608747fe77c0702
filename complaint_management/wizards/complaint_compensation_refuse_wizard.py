# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintCompensationRefuseWizard(models.TransientModel):
    _name = "complaint.compensation.refuse.wizard"
    _description = "Refuse a Compensation"

    compensation_id = fields.Many2one(
        comodel_name="complaint.compensation", required=True, ondelete="cascade"
    )
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.ensure_one()
        self.compensation_id.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
