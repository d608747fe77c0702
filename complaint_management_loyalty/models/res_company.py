# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_compensation import STORE_CREDIT_PROGRAM_TYPES


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_store_credit_program_id = fields.Many2one(
        comodel_name="loyalty.program",
        string="Store Credit Program",
        domain="[('program_type', 'in', ('ewallet', 'gift_card')), "
        "('company_id', 'in', (id, False))]",
        help="Where store credit granted on complaints goes: the customer's "
        "eWallet of this program, or a new gift card of it. Empty: the "
        "company's first eWallet program.",
    )

    @api.constrains("complaint_store_credit_program_id")
    def _check_complaint_store_credit_program(self):
        for company in self:
            program = company.complaint_store_credit_program_id
            if not program:
                continue
            if program.program_type not in STORE_CREDIT_PROGRAM_TYPES:
                raise ValidationError(
                    self.env._(
                        "Store credit goes to an eWallet or a gift card program; "
                        "%s is neither.",
                        program.display_name,
                    )
                )
            if program.company_id not in (company, self.env["res.company"]):
                raise ValidationError(
                    self.env._(
                        "%(program)s belongs to %(other)s: choose a program of "
                        "%(company)s for its store credit.",
                        program=program.display_name,
                        other=program.company_id.name,
                        company=company.name,
                    )
                )
