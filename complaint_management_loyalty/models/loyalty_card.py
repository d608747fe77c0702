# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    def _complaint_action_open(self):
        """These cards as a window action, for the smart buttons of the
        compensations they deliver: their list, or the form of the only one.
        Read-only for the complaint agents, who have no Loyalty rights."""
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Cards"),
            "res_model": "loyalty.card",
            "view_mode": "list,form",
            "domain": [("id", "in", self.ids)],
            "context": {"create": False},
        }
        if len(self) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.id)
        return action
