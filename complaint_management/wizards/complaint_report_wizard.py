# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.helpdesk_ticket import ASSESSED, AWAITING_ANSWER, JUSTIFIED

ANSWER_STATUSES = (
    "answered_on_time",
    "answered_late",
    "open_on_track",
    "open_overdue",
)


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
    regime_id = fields.Many2one(
        comodel_name="complaint.regime",
        string="Regime",
        help="Only the complaints handled under this statutory regime: a "
        "regulator's return is made per regime.",
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
        if self.regime_id:
            domain.append(("complaint_regime_id", "=", self.regime_id.id))
        return domain

    def _get_complaints(self):
        return (
            self.env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search(self._get_domain(), order="complaint_ref")
        )

    @api.model
    def _get_answer_status(self, ticket, now):
        """Where the complaint stands against its deadline: answered (the
        written response sent) on time or late, or open (awaiting the answer)
        and on track or overdue. A complaint withdrawn or closed as a
        duplicate is none of them."""
        sent = ticket.complaint_response_sent_date
        # a changed answer date keeps the promise given before it
        deadline = ticket.complaint_promised_deadline or ticket.complaint_deadline
        if sent:
            late = sent > deadline
            return "answered_late" if late else "answered_on_time"
        if ticket.complaint_state in AWAITING_ANSWER:
            overdue = now > deadline
            return "open_overdue" if overdue else "open_on_track"
        return False

    def _get_journal_data(self):
        self.ensure_one()
        now = fields.Datetime.now()
        tickets = self._get_complaints()
        lines = [
            {"ticket": ticket, "answer": self._get_answer_status(ticket, now)}
            for ticket in tickets
        ]
        answers = Counter(line["answer"] for line in lines)
        return {
            "lines": lines,
            "total": len(tickets),
            "justified": len(
                tickets.filtered(lambda t: t.complaint_assessment in JUSTIFIED)
            ),
            "closed": len(tickets.filtered("closed")),
            **{status: answers[status] for status in ANSWER_STATUSES},
        }

    def _get_summary_data(self):
        """Aggregates only: the summary reads no complaint one by one, so it
        costs the same few queries over a month or over years. The counts by
        kind, category, assessment and cause come from one grouped scan of
        the period's complaints."""
        self.ensure_one()
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        domain = self._get_domain()
        by_kind, by_category, by_cause, assessments = (Counter() for _i in range(4))
        fcr = 0
        groups = Ticket._read_group(
            domain,
            [
                "complaint_kind",
                "category_id",
                "complaint_assessment",
                "complaint_cause_id",
            ],
            ["__count", "complaint_fcr_date:count"],
        )
        for kind, category, assessment, cause, count, fcr_count in groups:
            by_kind[kind] += count
            by_category[category] += count
            by_cause[cause] += count
            assessments[assessment] += count
            fcr += fcr_count
        total = sum(assessments.values())
        assessed = sum(assessments[value] for value in ASSESSED)
        justified = sum(assessments[value] for value in JUSTIFIED)
        complaints = Ticket._search(domain)
        return {
            "total": total,
            "fcr": fcr,
            "fcr_share": 100.0 * fcr / total if total else 0.0,
            "by_kind": self._summary_rows_by_kind(by_kind),
            "by_category": sorted(
                (
                    (category.complete_name or self.env._("Not set"), count)
                    for category, count in by_category.items()
                ),
                key=lambda row: -row[1],
            ),
            "by_cause": self._summary_rows_by_cause(by_cause),
            "assessed": assessed,
            "justified": justified,
            "justified_share": 100.0 * justified / assessed if assessed else 0.0,
            **self._ticket_figures(complaints),
            "compensation_cost": self._compensation_cost(domain),
            "supplier_recovered": self.env[
                "complaint.supplier.claim"
            ]._complaint_recovered_amount(domain, self.company_id),
            "currency": self.company_id.currency_id,
            **self._satisfaction(complaints),
        }

    def _summary_rows_by_kind(self, counts):
        kinds = dict(
            self.env["helpdesk.ticket"]
            ._fields["complaint_kind"]
            ._description_selection(self.env)
        )
        rows = [
            (kinds.get(kind, self.env._("Not set")), count)
            for kind, count in counts.items()
        ]
        return sorted(rows, key=lambda row: -row[1])

    def _summary_rows_by_cause(self, counts):
        """(cause, count), most frequent first, then by name; the causes'
        parents, which their full names show, read at once."""
        causes = self.env["complaint.cause"].concat(*counts)
        causes.browse(
            {
                int(i)
                for path in causes.mapped("parent_path")
                for i in path.split("/")[:-1]
            }
        ).fetch(["name"])
        rows = [
            (cause.complete_name or self.env._("No cause given"), count)
            for cause, count in counts.items()
        ]
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    def _ticket_figures(self, query):
        """Deadlines missed, escalations and median times, computed by the
        database over the complaints ``query`` selects."""
        self.env.flush_all()
        # the complaints' own scan, no self-join: joining the query as a CTE
        # read the table twice and hashed it to disk (5.7 s at 1,000,000)
        self.env.cr.execute(
            query.select(
                SQL(
                    """
                -- missed: answered late or open overdue, the rule of
                -- _get_answer_status, which the journal applies
                COUNT(*) FILTER (
                    WHERE CASE
                        WHEN %(t)s.complaint_response_sent_date IS NOT NULL
                        THEN %(t)s.complaint_response_sent_date
                             > COALESCE(%(t)s.complaint_promised_deadline,
                                        %(t)s.complaint_deadline)
                        WHEN %(t)s.complaint_state IN %(awaiting)s
                        THEN %(now)s > COALESCE(%(t)s.complaint_promised_deadline,
                                                %(t)s.complaint_deadline)
                        ELSE FALSE
                    END
                ),
                COUNT(*) FILTER (WHERE %(t)s.complaint_escalated),
                PERCENTILE_CONT(0.5) WITHIN GROUP (
                    ORDER BY EXTRACT(
                        EPOCH FROM %(t)s.complaint_first_response_date
                        - %(t)s.complaint_registered_date
                    ) / 3600
                ) FILTER (WHERE %(t)s.complaint_first_response_date IS NOT NULL),
                PERCENTILE_CONT(0.5) WITHIN GROUP (
                    ORDER BY EXTRACT(
                        EPOCH FROM %(t)s.closed_date - %(t)s.complaint_registered_date
                    ) / 3600
                ) FILTER (
                    WHERE %(t)s.closed_date IS NOT NULL
                      AND %(t)s.stage_id IN (
                          SELECT id FROM helpdesk_ticket_stage WHERE closed)
                )
                """,
                    t=SQL.identifier(query.table),
                    awaiting=AWAITING_ANSWER,
                    now=fields.Datetime.now(),
                )
            )
        )
        missed, escalated, first_response, resolution = self.env.cr.fetchone()
        return {
            "deadlines_missed": missed,
            "escalated": escalated,
            "median_first_response_hours": first_response,
            "median_resolution_hours": resolution,
        }

    def _compensation_cost(self, domain):
        company = self.company_id
        total = 0.0
        Compensation = self.env["complaint.compensation"]
        groups = Compensation._read_group(
            Compensation._complaint_granted_domain([("ticket_id", "any", domain)]),
            ["currency_id"],
            ["granted_amount:sum"],
        )
        today = fields.Date.context_today(self)
        for currency, amount in groups:
            total += currency._convert(amount, company.currency_id, company, today)
        return total

    def _satisfaction(self, complaints):
        # sudo: only ratings of the complaints this user's own search returned,
        # aggregated into figures; grouped by the rating's stored text, "top"
        # being the satisfied customers (4 stars and more)
        groups = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", complaints),
                    ("consumed", "=", True),
                    ("rating", ">", 0),
                ],
                ["rating_text"],
                ["__count", "rating:sum"],
            )
        )
        count = sum(group_count for _text, group_count, _sum in groups)
        satisfied = sum(n for text, n, _sum in groups if text == "top")
        average = sum(total for _text, _n, total in groups) / count if count else 0.0
        return {
            "ratings": count,
            "rating_average": average,
            "satisfied_share": 100.0 * satisfied / count if count else 0.0,
        }
