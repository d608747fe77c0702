# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_store_credit_program_id = fields.Many2one(
        related="company_id.complaint_store_credit_program_id", readonly=False
    )
