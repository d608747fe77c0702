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
