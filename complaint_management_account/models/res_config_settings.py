# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_post_credit_notes = fields.Boolean(
        related="company_id.complaint_post_credit_notes", readonly=False
    )
