# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpdesk_ticket import OPEN_STATES

# Complaints an agent still works on: drafts too.
AGENT_OPEN_STATES = ("draft", *OPEN_STATES)


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

    @api.model
    def _get_complaint_desk(self, company):
        """The complaints desk of ``company``: its first active team marked as
        one, else an empty recordset."""
        return self.search(
            [("is_complaint_team", "=", True), ("company_id", "=", company.id)],
            limit=1,
        )

    def _get_complaint_assignee(self):
        """The member of this desk with the fewest open complaints (the
        longest-standing member on a tie), or no one when the desk has no
        member, or its company turned helpdesk's automatic assignment off."""
        self.ensure_one()
        if not self.company_id.helpdesk_mgmt_ticket_auto_assign:
            return self.env["res.users"]
        members = self.user_ids.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        ).sorted("id")
        if not members:
            return members
        open_counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [
                    ("is_complaint", "=", True),
                    ("complaint_state", "in", AGENT_OPEN_STATES),
                    ("user_id", "in", members.ids),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return min(members, key=lambda user: open_counts.get(user, 0))
