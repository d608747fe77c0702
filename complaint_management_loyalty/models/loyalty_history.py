# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    def _get_order_portal_url(self):
        # the customer's card history links a complaint's credit to its offer
        if self.order_id and self.order_model == "complaint.compensation":
            return self.env["complaint.compensation"].browse(self.order_id).access_url
        return super()._get_order_portal_url()
