# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .helpdesk_ticket import JUSTIFIED, OPEN_STATES

COMPLAINT_KINDS = [
    ("staff", "Staff conduct"),
    ("organisation", "The organisation"),
    ("quality", "Product or service quality"),
    ("other", "Other"),
]


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    complaint_kind = fields.Selection(
        selection=COMPLAINT_KINDS,
        compute="_compute_complaint_kind",
        store=True,
        readonly=False,
        recursive=True,
        index=True,
        help="Tickets in a category with a complaint kind are complaints. "
        "A sub-category takes its parent's kind unless it sets its own; "
        "leave empty for ordinary support categories.",
    )
    complaint_response_days = fields.Integer(
        string="Response Time (working days)",
        default=10,
        help="Working days, on the company's working calendar, within which "
        "the customer receives a reasoned answer to a complaint in this category.",
    )

    complaint_regime_id = fields.Many2one(
        comodel_name="complaint.regime",
        string="Complaint Regime",
        check_company=True,
        help="The rules complaints in this category are handled under: the "
        "law's clocks, penalty and letter. A sub-category without one takes "
        "its parent's; empty: the team's or the company's regime.",
    )
    complaint_requires_action = fields.Boolean(
        string="Requires an Action Plan",
        help="A justified or partly justified complaint in this category cannot "
        "be closed until an action plan (at least open) is linked to it.",
    )

    # The managers' overview: one card per category, counting its sub-categories.
    complaint_open_count = fields.Integer(
        string="Open Complaints", compute="_compute_complaint_overview"
    )
    complaint_overdue_count = fields.Integer(
        string="Overdue Complaints", compute="_compute_complaint_overview"
    )
    complaint_pending_count = fields.Integer(
        string="Pending Assessment", compute="_compute_complaint_overview"
    )
    complaint_to_approve_count = fields.Integer(
        string="Awaiting My Approval", compute="_compute_complaint_overview"
    )
    complaint_cost_month = fields.Monetary(
        string="Compensation This Month",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_overview",
        help="Compensation accepted by customers since the first of the month, "
        "in the company's currency.",
    )
    complaint_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_complaint_overview"
    )
    complaint_justified_share = fields.Float(
        string="Justified Share (%)",
        compute="_compute_complaint_overview",
        help="Justified and partly justified complaints among those assessed, "
        "registered in the last 12 months.",
    )

    complaint_fcr_share = fields.Float(
        string="Resolved at First Contact (%)",
        compute="_compute_complaint_overview",
        help="Complaints settled at first contact among those registered in "
        "the last 12 months.",
    )

    @api.depends("parent_id.complaint_kind")
    def _compute_complaint_kind(self):
        for category in self:
            category.complaint_kind = (
                category.complaint_kind or category.parent_id.complaint_kind
            )

    @api.constrains("complaint_response_days")
    def _check_complaint_response_days(self):
        for category in self:
            if category.complaint_response_days < 1:
                raise ValidationError(
                    self.env._(
                        "The response time of category %(category)s must be at "
                        "least one working day: enter 1 or more.",
                        category=category.complete_name,
                    )
                )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_overview(self):
        Ticket = self.env["helpdesk.ticket"]
        in_tree = [("category_id", "child_of", self.ids)]
        open_counts = self._sum_per_category(
            Ticket, in_tree + [("complaint_state", "in", ("draft", *OPEN_STATES))]
        )
        overdue = self._sum_per_category(
            Ticket, in_tree + [("complaint_overdue", "=", True)]
        )
        pending = self._sum_per_category(
            Ticket, in_tree + [("complaint_state", "in", ("draft", "registered"))]
        )
        to_approve = self._sum_per_category(
            self.env["complaint.compensation"],
            [("can_approve", "=", True), ("category_id", "child_of", self.ids)],
        )
        cost = self._compensation_cost_this_month()
        justified, assessed = self._justified_and_assessed()
        fcr, registered = self._first_contact_and_registered()
        currency = self.env.company.currency_id
        for category in self:
            category.complaint_open_count = open_counts[category.id]
            category.complaint_overdue_count = overdue[category.id]
            category.complaint_pending_count = pending[category.id]
            category.complaint_to_approve_count = to_approve[category.id]
            category.complaint_cost_month = cost[category.id]
            category.complaint_currency_id = currency
            category.complaint_fcr_share = (
                100.0 * fcr[category.id] / registered[category.id]
                if registered[category.id]
                else 0.0
            )
            category.complaint_justified_share = (
                100.0 * justified[category.id] / assessed[category.id]
                if assessed[category.id]
                else 0.0
            )

    def _sum_per_category(self, model, domain, groupby=(), aggregate="__count"):
        """``aggregate`` of ``model``'s records matching ``domain``, summed for
        each category of ``self`` over the category and all its descendants:
        one grouped query, whatever the number of cards."""
        totals = defaultdict(int)
        for category, *keys, value in model._read_group(
            domain, ["category_id", *groupby], [aggregate]
        ):
            for ancestor_id in self._overview_ancestor_ids(category):
                totals[(ancestor_id, *keys) if groupby else ancestor_id] += value
        return totals

    def _overview_ancestor_ids(self, category):
        path = [int(part) for part in (category.parent_path or "").split("/") if part]
        return [category_id for category_id in path if category_id in self._ids]

    def _compensation_cost_this_month(self):
        company = self.env.company
        month_start = fields.Datetime.to_datetime(
            fields.Date.context_today(self) + relativedelta(day=1)
        )
        Compensation = self.env["complaint.compensation"]
        amounts = self._sum_per_category(
            Compensation,
            Compensation._complaint_granted_domain(
                [
                    ("customer_decision_date", ">=", month_start),
                    ("category_id", "child_of", self.ids),
                ]
            ),
            groupby=["currency_id"],
            aggregate="granted_amount:sum",
        )
        cost = defaultdict(float)
        today = fields.Date.context_today(self)
        for (category_id, currency), amount in amounts.items():
            cost[category_id] += currency._convert(
                amount, company.currency_id, company, today
            )
        return cost

    def _justified_and_assessed(self):
        since = fields.Datetime.now() - relativedelta(months=12)
        counts = self._sum_per_category(
            self.env["helpdesk.ticket"],
            [
                ("is_complaint", "=", True),
                ("category_id", "child_of", self.ids),
                ("complaint_registered_date", ">=", since),
                ("complaint_assessment", "!=", "pending"),
            ],
            groupby=["complaint_assessment"],
        )
        justified, assessed = defaultdict(int), defaultdict(int)
        for (category_id, assessment), count in counts.items():
            assessed[category_id] += count
            if assessment in JUSTIFIED:
                justified[category_id] += count
        return justified, assessed

    def _first_contact_and_registered(self):
        """Complaints resolved at first contact, and all those registered in
        the last 12 months, per card: one grouped query."""
        since = fields.Datetime.now() - relativedelta(months=12)
        counts = self._sum_per_category(
            self.env["helpdesk.ticket"],
            [
                ("is_complaint", "=", True),
                ("category_id", "child_of", self.ids),
                ("complaint_registered_date", ">=", since),
            ],
            groupby=["complaint_fcr_agreement"],
        )
        fcr, registered = defaultdict(int), defaultdict(int)
        for (category_id, agreement), count in counts.items():
            registered[category_id] += count
            if agreement:
                fcr[category_id] += count
        return fcr, registered

    def action_view_overview_trend(self):
        """The monthly trend of this category's complaints, as graphs: the
        review's six figures for a manager, who reads them, the complaints
        registered by month for a complaint user."""
        manager = self.env.user.has_group(
            "complaint_management.group_complaint_manager"
        )
        return self._overview_action(
            "complaint_management.action_complaint_trend_report"
            if manager
            else "complaint_management.action_complaint_monthly_trend",
            self.env._("Monthly Trend: %(category)s", category=self.name),
        )

    def action_view_overview_complaints(self):
        """The complaints of this category and its sub-categories, with the
        filters the overview's counter passes in its context."""
        return self._overview_action(
            "complaint_management.action_complaint_all",
            self.name,
        )

    def action_view_overview_compensations(self):
        return self._overview_action(
            "complaint_management.action_complaint_compensation",
            self.env._("Compensation: %(category)s", category=self.name),
        )

    def _overview_action(self, xmlid, name):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["display_name"] = name
        action["domain"] = safe_eval(action.get("domain") or "[]") + [
            ("category_id", "child_of", self.id)
        ]
        action["context"] = dict(
            safe_eval(action.get("context") or "{}"),
            **{
                key: value
                for key, value in self.env.context.items()
                if key.startswith("search_default_")
            },
        )
        return action
