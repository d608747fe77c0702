# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    complaint_lang_ids = fields.Many2many(
        comodel_name="res.lang",
        relation="res_users_complaint_lang_rel",
        column1="user_id",
        column2="lang_id",
        string="Languages Spoken with Customers",
        help="Complaints from customers writing in other languages show a "
        "language mismatch, and transfers propose colleagues who speak them.",
    )

    def _speaks(self, lang_code):
        """Whether this user can answer a customer writing in ``lang_code``."""
        self.ensure_one()
        return lang_code in self._complaint_lang_codes()

    def _complaint_lang_codes(self):
        """The languages this user answers customers in: those listed, or
        their own when they list none."""
        self.ensure_one()
        return self.complaint_lang_ids.mapped("code") or [self.lang]
