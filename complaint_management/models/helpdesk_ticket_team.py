# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import api, fields, models
from odoo.tools import SQL

from .helpdesk_ticket import OPEN_STATES

# Complaints an agent still works on: drafts too.
AGENT_OPEN_STATES = ("draft", *OPEN_STATES)
# open complaints past which an agent counts as full (see _complaint_member_loads)
LOAD_COUNT_CAP = 1000


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

    def _get_complaint_assignee(self, lang=False):
        """The member of this desk a new complaint goes to (see
        _complaint_pick_assignees), or no one."""
        self.ensure_one()
        return self._complaint_pick_assignees([lang])[0]

    def _complaint_pick_assignees(self, langs):
        """One agent per entry of ``langs`` (the customers' languages of new
        complaints of this desk), in turn: among the members who speak the
        language (all members when none does), the one with the fewest open
        complaints; on a tie, the one least recently given a complaint. Each
        pick counts for the next. No one when the desk has no member, or its
        company turned helpdesk's automatic assignment off."""
        self.ensure_one()
        company = self.company_id or self.env.company
        nobody = self.env["res.users"]
        if not company.helpdesk_mgmt_ticket_auto_assign:
            return [nobody] * len(langs)
        members = self.user_ids.filtered(
            lambda user: not user.share and company in user.company_ids
        )
        if not members:
            return [nobody] * len(langs)
        loads = self._complaint_member_loads(members)
        picks = []
        for turn, lang in enumerate(langs):
            speakers = (
                members.filtered(lambda user, lang=lang: user._speaks(lang))
                if lang
                else members
            ) or members
            agent = min(speakers, key=lambda user: (*loads[user], user.id))
            # one more open complaint, and the latest given: last on a tie
            loads[agent] = (loads[agent][0] + 1, datetime.max, turn)
            picks.append(agent)
        return picks

    def _complaint_flush_loads(self, members):
        """Write what the load query reads when a pending change can alter
        it: a ticket whose agent changes, or one of ``members``' tickets. A
        new ticket waiting for its agent is left to the registration's own
        write: one update of it instead of two."""
        Ticket = self.env["helpdesk.ticket"]
        fnames = [
            "user_id",
            "is_complaint",
            "complaint_state",
            "complaint_registered_date",
        ]

        def pending(fname):
            field = Ticket._fields[fname]
            return self.env.records_to_compute(
                field
            ) | self.env.cache.get_dirty_records(Ticket, field)

        changed = Ticket.concat(*(pending(fname) for fname in fnames))
        if pending("user_id") or changed.filtered(lambda t: t.user_id & members):
            Ticket.flush_model(fnames)

    def _complaint_member_loads(self, members):
        """{member: (open complaints, last complaint registered, -1)}, in one
        query of two index lookups per member (the last figure orders the
        picks of one registration). Open complaints are counted up to
        LOAD_COUNT_CAP: past it an agent is full, and full agents take turns,
        so the cost stays that of a small desk whatever the backlog."""
        self._complaint_flush_loads(members)
        # every open complaint of the desk's members counts, whoever registers
        # the new one, archived or not: only counts and a date are read
        self.env.cr.execute(
            SQL(
                """SELECT member.id,
                          (SELECT COUNT(*) FROM (
                               SELECT 1 FROM helpdesk_ticket ticket
                                WHERE ticket.is_complaint
                                  AND ticket.user_id = member.id
                                  AND ticket.complaint_state IN %s
                                -- the index's order: without it the planner
                                -- may scan the table for the LIMIT's rows
                                ORDER BY ticket.user_id,
                                         ticket.complaint_registered_date
                                LIMIT %s) AS open_complaint),
                          (SELECT MAX(ticket.complaint_registered_date)
                             FROM helpdesk_ticket ticket
                            WHERE ticket.is_complaint
                              AND ticket.user_id = member.id)
                     FROM unnest(%s::int[]) AS member(id)""",
                AGENT_OPEN_STATES,
                LOAD_COUNT_CAP,
                members.ids,
            )
        )
        loads = {
            member_id: (open_count, latest or datetime.min, -1)
            for member_id, open_count, latest in self.env.cr.fetchall()
        }
        return {member: loads[member.id] for member in members}
