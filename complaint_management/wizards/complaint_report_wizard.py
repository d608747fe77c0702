# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import statistics
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError

JUSTIFIED = ("justified", "partially_justified")
ASSESSED = ("justified", "partially_justified", "unjustified")


class ComplaintReportWizard(models.TransientModel):
    _name = "complaint.report.wizard"
    _description = "Complaint Journal and Summary"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self)
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    category_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.category",
        string="Categories",
        domain="[('complaint_kind', '!=', False)]",
        help="Leave empty for all categories.",
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(
                    self.env._(
                        "The period ends before it starts: choose an end date on "
                        "or after the start date."
                    )
                )

    def action_print_journal(self):
        return self.env.ref(
            "complaint_management.action_report_complaint_journal"
        ).report_action(self)

    def action_print_summary(self):
        return self.env.ref(
            "complaint_management.action_report_complaint_summary"
        ).report_action(self)

    # ------------------------------------------------------------
    # Report data
    # ------------------------------------------------------------

    def _get_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("complaint_ref", "!=", False),
            (
                "complaint_registered_date",
                ">=",
                datetime.combine(self.date_from, time.min),
            ),
            (
                "complaint_registered_date",
                "<=",
                datetime.combine(self.date_to, time.max),
            ),
        ]
        if self.category_ids:
            domain.append(("category_id", "child_of", self.category_ids.ids))
        return domain

    def _get_complaints(self):
        return (
            self.env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search(self._get_domain(), order="complaint_ref")
        )

    @api.model
    def _answered_at(self, ticket):
        return ticket.complaint_response_sent_date or ticket.closed_date

    @api.model
    def _is_on_time(self, ticket, now):
        answered = self._answered_at(ticket) or now
        return answered <= ticket.complaint_deadline

    def _get_journal_data(self):
        self.ensure_one()
        now = fields.Datetime.now()
        tickets = self._get_complaints()
        lines = [
            {"ticket": ticket, "on_time": self._is_on_time(ticket, now)}
            for ticket in tickets
        ]
        return {
            "lines": lines,
            "total": len(tickets),
            "justified": len(
                tickets.filtered(lambda t: t.complaint_assessment in JUSTIFIED)
            ),
            "on_time": sum(1 for line in lines if line["on_time"]),
            "closed": len(tickets.filtered("closed")),
        }

    def _get_summary_data(self):
        self.ensure_one()
        now = fields.Datetime.now()
        tickets = self._get_complaints()
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        domain = self._get_domain()
        kinds = dict(Ticket._fields["complaint_kind"]._description_selection(self.env))
        by_kind = [
            (kinds.get(kind, self.env._("Not set")), count)
            for kind, count in Ticket._read_group(
                domain, ["complaint_kind"], ["__count"]
            )
        ]
        by_category = [
            (category.complete_name or self.env._("Not set"), count)
            for category, count in Ticket._read_group(
                domain, ["category_id"], ["__count"]
            )
        ]
        assessed = tickets.filtered(lambda t: t.complaint_assessment in ASSESSED)
        justified = assessed.filtered(lambda t: t.complaint_assessment in JUSTIFIED)
        first_responses = self._first_response_dates(tickets)
        to_first_response = [
            (first_responses[t.id] - t.complaint_registered_date).total_seconds() / 3600
            for t in tickets
            if t.id in first_responses
        ]
        to_resolution = [
            (t.closed_date - t.complaint_registered_date).total_seconds() / 3600
            for t in tickets
            if t.closed and t.closed_date
        ]
        return {
            "total": len(tickets),
            "by_kind": sorted(by_kind, key=lambda row: -row[1]),
            "by_category": sorted(by_category, key=lambda row: -row[1]),
            "assessed": len(assessed),
            "justified": len(justified),
            "justified_share": 100.0 * len(justified) / len(assessed)
            if assessed
            else 0.0,
            "median_first_response_hours": self._median(to_first_response),
            "median_resolution_hours": self._median(to_resolution),
            "deadlines_missed": len(
                tickets.filtered(lambda t: not self._is_on_time(t, now))
            ),
            "escalated": len(tickets.filtered("complaint_escalated")),
            "compensation_cost": self._compensation_cost(tickets),
            "currency": self.company_id.currency_id,
            **self._satisfaction(tickets),
        }

    @api.model
    def _median(self, values):
        return statistics.median(values) if values else None

    def _first_response_dates(self, tickets):
        """First public message to the customer on each complaint, in one query."""
        if not tickets:
            return {}
        comment = self.env.ref("mail.mt_comment")
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT message.res_id, MIN(message.date)
              FROM mail_message message
              JOIN helpdesk_ticket ticket ON ticket.id = message.res_id
             WHERE message.model = 'helpdesk.ticket'
               AND message.res_id IN %s
               AND message.subtype_id = %s
               AND message.message_type IN ('comment', 'email_outgoing')
               AND message.author_id IS DISTINCT FROM ticket.partner_id
          GROUP BY message.res_id
            """,
            [tuple(tickets.ids), comment.id],
        )
        return dict(self.env.cr.fetchall())

    def _compensation_cost(self, tickets):
        company = self.company_id
        total = 0.0
        groups = self.env["complaint.compensation"]._read_group(
            [("ticket_id", "in", tickets.ids), ("state", "in", ("accepted", "done"))],
            ["currency_id"],
            ["amount:sum"],
        )
        today = fields.Date.context_today(self)
        for currency, amount in groups:
            total += currency._convert(amount, company.currency_id, company, today)
        return total

    def _satisfaction(self, tickets):
        # sudo: only ratings of the complaints this user's own search returned,
        # aggregated into figures
        Rating = self.env["rating.rating"].sudo()
        ratings = Rating._read_group(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("consumed", "=", True),
                ("rating", ">", 0),
            ],
            [],
            ["__count", "rating:avg"],
        )
        count, average = ratings[0] if ratings else (0, 0.0)
        satisfied = Rating.search_count(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("consumed", "=", True),
                ("rating", ">=", 4),
            ]
        )
        return {
            "ratings": count,
            "rating_average": average or 0.0,
            "satisfied_share": 100.0 * satisfied / count if count else 0.0,
        }
