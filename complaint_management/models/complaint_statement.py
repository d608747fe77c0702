# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintStatement(models.Model):
    """What someone involved said during the investigation: the employee
    concerned, the person who took the complaint, a witness. Internal: only
    complaint users read statements, never the customer."""

    _name = "complaint.statement"
    _description = "Complaint Statement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('is_complaint', '=', True)]",
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    role = fields.Selection(
        selection=[
            ("employee", "Employee concerned"),
            ("receiver", "Took the complaint"),
            ("witness", "Witness"),
        ],
        required=True,
        default="employee",
        tracking=True,
    )
    author_id = fields.Many2one(
        comodel_name="res.partner",
        string="Author",
        required=True,
        default=lambda self: self.env.user.partner_id,
        tracking=True,
        help="Who gave the statement: a colleague, or a witness's contact.",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    text = fields.Text(string="Statement", required=True, tracking=True)
