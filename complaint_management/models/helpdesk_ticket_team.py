# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    is_complaint_team = fields.Boolean(
        string="Complaints Desk",
        help="Every ticket of this team is a complaint: tickets arriving through "
        "its e-mail alias are registered in the complaint journal and "
        "acknowledged at once.",
    )
    complaint_regime_id = fields.Many2one(
        comodel_name="complaint.regime",
        string="Complaint Regime",
        check_company=True,
        help="The rules this team's complaints are handled under, unless their "
        "category names one.",
    )
