# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintCorrectiveActionReopenWizard(models.TransientModel):
    _name = "complaint.corrective.action.reopen.wizard"
    _description = "Reopen an Action Plan That Did Not Work"

    action_id = fields.Many2one(
        comodel_name="complaint.corrective.action", required=True, ondelete="cascade"
    )
    note = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.action_id.action_reopen(self.note)
        return {"type": "ir.actions.act_window_close"}
