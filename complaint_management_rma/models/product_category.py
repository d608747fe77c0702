# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    complaint_warranty_months = fields.Integer(
        string="Warranty (Months)",
        help="How long after delivery the goods of this category are under "
        "warranty. A complaint about goods delivered longer ago shows as out of "
        "warranty, and a free replacement or repair needs the agent to confirm "
        "it is granted anyway. Zero: no warranty is tracked.",
    )

    _sql_constraints = [
        (
            "complaint_warranty_months_not_negative",
            "CHECK(complaint_warranty_months >= 0)",
            "A warranty lasts zero months or more.",
        ),
    ]
