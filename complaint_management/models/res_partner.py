# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import heapq
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval

JUSTIFIED = ("justified", "partially_justified")
GRANTED = ("accepted", "done")
LATEST_ON_CARD = 10


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_latest_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        string="Latest Complaints",
        compute="_compute_complaint_latest",
        help="The customer's ten latest complaints; the Complaints button "
        "lists them all.",
    )
    complaint_compensation_latest_ids = fields.Many2many(
        comodel_name="complaint.compensation",
        string="Latest Compensations",
        compute="_compute_complaint_latest",
        help="The customer's ten latest compensations; the Compensation "
        "button lists them all.",
    )
    complaint_count = fields.Integer(compute="_compute_complaint_figures")
    complaint_justified_share = fields.Float(
        string="Justified Complaints (%)",
        compute="_compute_complaint_figures",
        help="Share of the customer's assessed complaints found justified or "
        "partly justified.",
    )
    complaint_last_date = fields.Datetime(
        string="Last Complaint", compute="_compute_complaint_figures"
    )
    complaint_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_complaint_figures"
    )
    complaint_compensation_total = fields.Monetary(
        string="Compensation Granted",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_figures",
        help="Accepted and delivered compensation, in the company's currency.",
    )
    complaint_compensation_recent = fields.Monetary(
        string="Compensation (12 months)",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_figures",
    )
    complaint_compensation_warning = fields.Boolean(
        string="Compensation Above Threshold",
        compute="_compute_complaint_figures",
        help="Compensation granted over the last 12 months exceeds the "
        "company's threshold.",
    )

    @api.depends_context("company")
    def _compute_complaint_figures(self):
        """One grouped query per figure, whatever the number of partners."""
        commercial_ids = self.commercial_partner_id.ids
        company = self.env.company
        counts, justified, assessed, last_dates = self._complaint_ticket_figures(
            commercial_ids
        )
        since = fields.Datetime.now() - timedelta(days=365)
        totals = self._complaint_compensation_sums(commercial_ids, company)
        recent = self._complaint_compensation_sums(commercial_ids, company, since)
        threshold = company.complaint_compensation_warning_amount
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.complaint_count = counts[key]
            partner.complaint_justified_share = (
                100.0 * justified[key] / assessed[key] if assessed[key] else 0.0
            )
            partner.complaint_last_date = last_dates.get(key, False)
            partner.complaint_currency_id = company.currency_id
            partner.complaint_compensation_total = totals[key]
            partner.complaint_compensation_recent = recent[key]
            partner.complaint_compensation_warning = bool(
                threshold and recent[key] > threshold
            )

    @api.depends("commercial_partner_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_latest(self):
        """A customer may have thousands of complaints: the card shows the
        latest few, one query per model whatever the number of partners."""
        commercial_ids = self.commercial_partner_id.ids
        tickets = self._latest_per_commercial_partner(
            "helpdesk.ticket", [("is_complaint", "=", True)], commercial_ids
        )
        compensations = self._latest_per_commercial_partner(
            "complaint.compensation", [], commercial_ids
        )
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.complaint_latest_ids = tickets.get(key, [])
            partner.complaint_compensation_latest_ids = compensations.get(key, [])

    def _latest_per_commercial_partner(self, model_name, domain, commercial_ids):
        """{commercial partner id: ids of its newest records}, record rules
        applied."""
        groups = self.env[model_name]._read_group(
            domain + [("commercial_partner_id", "in", commercial_ids)],
            ["commercial_partner_id"],
            ["id:array_agg"],
        )
        return {
            partner.id: heapq.nlargest(LATEST_ON_CARD, ids) for partner, ids in groups
        }

    def _complaint_ticket_figures(self, commercial_ids):
        counts, justified, assessed = (defaultdict(int) for _i in range(3))
        last_dates = {}
        groups = self.env["helpdesk.ticket"]._read_group(
            [
                ("is_complaint", "=", True),
                ("commercial_partner_id", "in", commercial_ids),
            ],
            ["commercial_partner_id", "complaint_assessment"],
            ["__count", "create_date:max"],
        )
        for partner, assessment, count, last_date in groups:
            counts[partner.id] += count
            if assessment in JUSTIFIED:
                justified[partner.id] += count
            if assessment not in (False, "pending"):
                assessed[partner.id] += count
            last_dates[partner.id] = max(
                last_dates.get(partner.id, last_date), last_date
            )
        return counts, justified, assessed, last_dates

    def _complaint_compensation_sums(self, commercial_ids, company, since=None):
        """Granted compensation per commercial partner, in company currency."""
        domain = [
            ("commercial_partner_id", "in", commercial_ids),
            ("state", "in", GRANTED),
        ]
        if since:
            domain.append(("customer_decision_date", ">=", since))
        sums = defaultdict(float)
        rates = {}
        today = fields.Date.context_today(self)
        groups = self.env["complaint.compensation"]._read_group(
            domain, ["commercial_partner_id", "currency_id"], ["amount:sum"]
        )
        for partner, currency, amount in groups:
            if currency not in rates:
                rates[currency] = currency._get_conversion_rate(
                    currency, company.currency_id, company, today
                )
            sums[partner.id] += amount * rates[currency]
        return sums

    def action_view_complaints(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_all"
        )
        action["domain"] = [
            ("is_complaint", "=", True),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        # New there records a complaint of this customer, as in the app
        action["context"] = dict(
            safe_eval(action.get("context") or "{}"), default_partner_id=self.id
        )
        return action

    def action_view_complaint_compensations(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_compensation"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {}
        return action
