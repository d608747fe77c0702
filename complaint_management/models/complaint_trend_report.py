# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .complaint_compensation import GRANTED_STATES
from .helpdesk_ticket import ASSESSED, AWAITING_ANSWER, JUSTIFIED


class ComplaintTrendReport(models.Model):
    """The monthly review's figures, one row per company and month of
    registration, for graphs: the same rules as the summary report
    (``complaint.report.wizard._get_summary_data``)."""

    _name = "complaint.trend.report"
    _description = "Complaint Monthly Trend"
    _auto = False
    _order = "month desc, company_id"
    _rec_name = "month"

    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
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
                SELECT complaint.company_id,
                       complaint.month,
                       COUNT(*) AS count,
                       AVG(rating.rating) AS average
                  FROM rating_rating rating
                  JOIN complaint ON complaint.id = rating.res_id
                 WHERE rating.res_model = 'helpdesk.ticket'
                   AND rating.consumed
                   AND rating.rating > 0
              GROUP BY complaint.company_id, complaint.month
            ),
            cost AS (
                -- converted as currency._convert does, at today's rate
                SELECT complaint.company_id,
                       complaint.month,
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
              GROUP BY complaint.company_id, complaint.month
            )
            SELECT ROW_NUMBER() OVER (ORDER BY complaint.month, complaint.company_id)
                       AS id,
                   complaint.company_id,
                   company.currency_id,
                   complaint.month,
                   COUNT(*) AS volume,
                   COUNT(*) FILTER (WHERE complaint.assessed) AS assessed_count,
                   COUNT(*) FILTER (WHERE complaint.justified) AS justified_count,
                   COALESCE(
                       100.0 * COUNT(*) FILTER (WHERE complaint.justified)
                       / NULLIF(COUNT(*) FILTER (WHERE complaint.assessed), 0),
                       0.0) AS justified_share,
                   COUNT(*) FILTER (WHERE NOT complaint.missed) AS on_time_count,
                   100.0 * COUNT(*) FILTER (WHERE NOT complaint.missed) / COUNT(*)
                       AS on_time_share,
                   COUNT(*) FILTER (WHERE complaint.fcr) AS fcr_count,
                   100.0 * COUNT(*) FILTER (WHERE complaint.fcr) / COUNT(*)
                       AS fcr_share,
                   COALESCE(MAX(rating.count), 0) AS rating_count,
                   MAX(rating.average) AS satisfaction,
                   COALESCE(MAX(cost.amount), 0.0) AS cost
              FROM complaint
              JOIN res_company company ON company.id = complaint.company_id
         LEFT JOIN rating
                ON rating.company_id = complaint.company_id
               AND rating.month = complaint.month
         LEFT JOIN cost
                ON cost.company_id = complaint.company_id
               AND cost.month = complaint.month
          GROUP BY complaint.company_id, company.currency_id, complaint.month
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
