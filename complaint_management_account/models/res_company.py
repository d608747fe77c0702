# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_post_credit_notes = fields.Boolean(
        string="Post Complaint Credit Notes",
        help="Post the credit note of an accepted refund or discount at once; "
        "otherwise it is left in draft for the accountant to check and post.",
    )
