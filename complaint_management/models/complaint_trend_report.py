# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .complaint_compensation import GRANTED_STATES
from .helpdesk_ticket import ASSESSED, AWAITING_ANSWER, JUSTIFIED


class ComplaintTrendReport(models.Model):
    """The monthly review's figures for graphs, by the summary report's rules
    (``complaint.report.wizard._get_summary_data``): one row per complaint,
    each share a 100 or a 0 averaged, so that a month, a quarter, a company or
    a category grouped gives the share of its own complaints."""

    _name = "complaint.trend.report"
    _description = "Complaint Monthly Trend"
    _auto = False
    _order = "month desc, company_id"
    _rec_name = "month"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Complaint", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    category_id = fields.Many2one(
        comodel_name="helpdesk.ticket.category", string="Category", readonly=True
    )
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    month = fields.Date(string="Registration Month", readonly=True)
    volume = fields.Integer(string="Complaints", readonly=True)
    assessed_count = fields.Integer(string="Assessed", readonly=True)
    justified_count = fields.Integer(string="Justified", readonly=True)
    justified_share = fields.Float(
        string="Justified (%)",
        aggregator="avg",
        readonly=True,
        help="Justified, wholly or in part, among the assessed complaints.",
    )
    on_time_count = fields.Integer(string="Deadline Kept", readonly=True)
    on_time_share = fields.Float(
        string="On Time (%)",
        aggregator="avg",
        readonly=True,
        help="Complaints not answered late nor open past the deadline promised "
        "to the customer.",
    )
    fcr_count = fields.Integer(string="First Contact", readonly=True)
    fcr_share = fields.Float(
        string="First Contact (%)",
        aggregator="avg",
        readonly=True,
        help="Complaints resolved at the first contact.",
    )
    rating_count = fields.Integer(string="Ratings", readonly=True)
    satisfaction = fields.Float(
        aggregator="avg",
        readonly=True,
        help="The customers' average rating, out of 5.",
    )
    cost = fields.Monetary(
        string="Compensation Cost",
        currency_field="currency_id",
        readonly=True,
        help="What was granted to the customers, in the company's currency "
        "at today's rate.",
    )

    def _query(self):
        return SQL(
            """
            WITH complaint AS (
                SELECT ticket.id,
                       ticket.company_id,
                       ticket.category_id,
                       DATE_TRUNC('month', ticket.complaint_registered_date)::date
                           AS month,
                       ticket.complaint_assessment IN %(assessed)s AS assessed,
                       ticket.complaint_assessment IN %(justified)s AS justified,
                       ticket.complaint_fcr_date IS NOT NULL AS fcr,
                       -- missed: answered late or open overdue, the rule of
                       -- _get_answer_status, as the summary counts it
                       COALESCE(CASE
                           WHEN ticket.complaint_response_sent_date IS NOT NULL
                           THEN ticket.complaint_response_sent_date
                                > COALESCE(ticket.complaint_promised_deadline,
                                           ticket.complaint_deadline)
                           WHEN ticket.complaint_state IN %(awaiting)s
                           THEN (NOW() AT TIME ZONE 'UTC')
                                > COALESCE(ticket.complaint_promised_deadline,
                                           ticket.complaint_deadline)
                           ELSE FALSE
                       END, FALSE) AS missed
                  FROM helpdesk_ticket ticket
                 WHERE ticket.complaint_ref IS NOT NULL
                   AND ticket.complaint_registered_date IS NOT NULL
                   AND ticket.company_id IS NOT NULL
            ),
            rating AS (
                SELECT rating.res_id AS ticket_id,
                       COUNT(*) AS count,
                       AVG(rating.rating) AS average
                  FROM rating_rating rating
                 WHERE rating.res_model = 'helpdesk.ticket'
                   AND rating.res_id IN (SELECT id FROM complaint)
                   AND rating.consumed
                   AND rating.rating > 0
              GROUP BY rating.res_id
            ),
            cost AS (
                -- converted as currency._convert does, at today's rate
                SELECT compensation.ticket_id,
                       SUM(
                           compensation.granted_amount
                           * CASE WHEN compensation.currency_id = company.currency_id
                                  THEN 1.0
                                  ELSE to_rate.rate / from_rate.rate END
                       ) AS amount
                  FROM complaint_compensation compensation
                  JOIN complaint ON complaint.id = compensation.ticket_id
                  JOIN res_company company ON company.id = complaint.company_id
                  JOIN res_company root
                    ON root.id = COALESCE(
                        SPLIT_PART(company.parent_path, '/', 1)::int, company.id)
                  CROSS JOIN LATERAL (%(from_rate)s) from_rate
                  CROSS JOIN LATERAL (%(to_rate)s) to_rate
                 WHERE compensation.state IN %(granted)s
              GROUP BY compensation.ticket_id
            )
            SELECT complaint.id,
                   complaint.id AS ticket_id,
                   complaint.company_id,
                   complaint.category_id,
                   company.currency_id,
                   complaint.month,
                   1 AS volume,
                   complaint.assessed::int AS assessed_count,
                   complaint.justified::int AS justified_count,
                   -- none for a complaint not assessed: the share is of the
                   -- assessed ones
                   CASE WHEN complaint.assessed
                        THEN 100.0 * complaint.justified::int END
                       AS justified_share,
                   (NOT complaint.missed)::int AS on_time_count,
                   100.0 * (NOT complaint.missed)::int AS on_time_share,
                   complaint.fcr::int AS fcr_count,
                   100.0 * complaint.fcr::int AS fcr_share,
                   COALESCE(rating.count, 0) AS rating_count,
                   rating.average AS satisfaction,
                   COALESCE(cost.amount, 0.0) AS cost
              FROM complaint
              JOIN res_company company ON company.id = complaint.company_id
         LEFT JOIN rating ON rating.ticket_id = complaint.id
         LEFT JOIN cost ON cost.ticket_id = complaint.id
            """,
            assessed=ASSESSED,
            justified=JUSTIFIED,
            awaiting=AWAITING_ANSWER,
            granted=GRANTED_STATES,
            from_rate=self._rate_query("compensation.currency_id"),
            to_rate=self._rate_query("company.currency_id"),
        )

    def _rate_query(self, currency):
        """The rate res.currency._get_rates reads: the latest up to today,
        the company's own first, else the oldest, else 1."""
        return SQL(
            """
            SELECT COALESCE(
                (SELECT r.rate FROM res_currency_rate r
                  WHERE r.currency_id = %(currency)s
                    AND r.name <= CURRENT_DATE
                    AND (r.company_id IS NULL OR r.company_id = root.id)
               ORDER BY r.company_id, r.name DESC LIMIT 1),
                (SELECT r.rate FROM res_currency_rate r
                  WHERE r.currency_id = %(currency)s
                    AND (r.company_id IS NULL OR r.company_id = root.id)
               ORDER BY r.company_id, r.name ASC LIMIT 1),
                1.0) AS rate
            """,
            currency=SQL(currency),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
