# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Plans in these states cover a recurring problem.
COVERING_STATES = ("open", "done", "verified")


class ComplaintRecurringProblem(models.Model):
    """A cluster of similar recent complaints that no plan covers yet."""

    _name = "complaint.recurring.problem"
    _description = "Recurring Complaint Problem"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "complaint_count desc, id desc"
    _check_company_auto = True

    category_id = fields.Many2one(
        comodel_name="helpdesk.ticket.category",
        string="Complaint Category",
        index=True,
        help="Set when the complaints of the cluster share a category.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        index=True,
        help="Set when the complaints of the cluster, whatever their category, "
        "name the same product.",
    )
    supplier_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier",
        compute="_compute_supplier_id",
        help="For a cluster by product: the product's first vendor, who may be "
        "at the source of the problem.",
    )
    cause_id = fields.Many2one(
        comodel_name="complaint.cause",
        string="Cause",
        index=True,
        help="Set when the complaints of the cluster, in one category, share a "
        "root cause.",
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="complaint_recurring_problem_ticket_rel",
        column1="problem_id",
        column2="ticket_id",
        string="Complaints",
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count", store=True)
    corrective_action_ids = fields.Many2many(
        comodel_name="complaint.corrective.action",
        relation="complaint_recurring_problem_action_rel",
        column1="problem_id",
        column2="action_id",
        string="Action Plans",
    )
    state = fields.Selection(
        selection=[("open", "Needs a plan"), ("covered", "Covered by a plan")],
        compute="_compute_state",
        store=True,
        index=True,
    )

    @api.depends("ticket_ids")
    def _compute_complaint_count(self):
        for problem in self:
            problem.complaint_count = len(problem.ticket_ids)

    @api.depends("product_id", "company_id")
    def _compute_supplier_id(self):
        for problem in self:
            problem.supplier_id = self.env[
                "complaint.supplier.claim"
            ]._get_default_supplier_of(problem.product_id, problem.company_id)

    # company_id is required, so the check also runs when neither is given
    @api.constrains("category_id", "product_id", "company_id")
    def _check_subject(self):
        for problem in self:
            if not (problem.category_id or problem.product_id):
                raise ValidationError(
                    self.env._(
                        "A recurring problem needs a category or a product: set at "
                        "least one of them."
                    )
                )

    @api.depends("corrective_action_ids.state")
    def _compute_state(self):
        for problem in self:
            covered = any(
                plan.state in COVERING_STATES for plan in problem.corrective_action_ids
            )
            problem.state = "covered" if covered else "open"

    @api.depends("category_id", "product_id", "cause_id", "complaint_count")
    def _compute_display_name(self):
        for problem in self:
            subject = (
                problem.category_id.complete_name or problem.product_id.display_name
            )
            if problem.cause_id:
                subject = f"{subject}: {problem.cause_id.complete_name}"
            problem.display_name = self.env._(
                "%(subject)s (%(count)s complaints)",
                subject=subject,
                count=problem.complaint_count,
            )

    def action_new_corrective_action(self):
        self.ensure_one()
        action = self.env["complaint.corrective.action"]._action_new_plan(
            {
                "name": self.env._("Recurring: %s", self.display_name),
                "action_type": "preventive",
                "category_id": self.category_id.id,
                "company_id": self.company_id.id,
                "ticket_ids": [(6, 0, self.ticket_ids.ids)],
            }
        )
        action["context"]["complaint_recurring_problem_id"] = self.id
        return action

    # ------------------------------------------------------------
    # Detection (cron)
    # ------------------------------------------------------------

    @api.model
    def _cron_detect_recurring_problems(self, batch_size=50):
        """Flag clusters of at least N complaints in the last D days (per
        company settings), by category, by category and cause, and by product,
        that no open or carried-out plan covers.

        Only recent complaints are read (indexed registration date); each run
        handles at most ``batch_size`` clusters and reports the rest to the
        cron, which calls again. A run with nothing new changes nothing."""
        candidates = self._find_uncovered_clusters()
        batch, rest = candidates[:batch_size], candidates[batch_size:]
        for company, category, product, tickets, cause in batch:
            self._record_cluster(company, category, product, tickets, cause=cause)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(rest))

    @api.model
    def _find_uncovered_clusters(self):
        clusters = []
        for company in self.env["res.company"].search([]):
            clusters += self._find_company_clusters(company)
        return clusters

    @api.model
    def _find_company_clusters(self, company):
        """Clusters by category, by category and cause, and by product across
        categories; a product cluster already inside one category cluster is
        not repeated, and a category cluster whose complaints all share one
        cause is told by its cause cluster alone."""
        now = fields.Datetime.now()
        since = now - timedelta(days=company.complaint_recurring_days)
        domain = [
            ("company_id", "=", company.id),
            ("is_complaint", "=", True),
            ("complaint_registered_date", ">=", since),
            ("complaint_registered_date", "<=", now),
        ]
        having = [("__count", ">=", company.complaint_recurring_threshold)]
        Ticket = self.env["helpdesk.ticket"]
        Category = self.env["helpdesk.ticket.category"]
        Product = self.env["product.product"]
        by_category = Ticket._read_group(
            domain + [("category_id", "!=", False)],
            ["category_id"],
            ["id:array_agg"],
            having=having,
        )
        by_product = Ticket._read_group(
            domain + [("complaint_product_id", "!=", False)],
            ["complaint_product_id"],
            ["id:array_agg"],
            having=having,
        )
        by_cause = Ticket._read_group(
            domain
            + [("category_id", "!=", False), ("complaint_cause_id", "!=", False)],
            ["category_id", "complaint_cause_id"],
            ["id:array_agg"],
            having=having,
        )
        covered = self._covered_categories(company, [c.id for c, _ids in by_category])
        Cause = self.env["complaint.cause"]
        cause_groups = [
            (category, Product, set(ids), cause)
            for category, cause, ids in by_cause
            if category.id not in covered
        ]
        groups = [
            (category, Product, set(ids), Cause)
            for category, ids in by_category
            if category.id not in covered
            and set(ids) not in [tickets for _c, _p, tickets, _k in cause_groups]
        ] + cause_groups
        plan_tickets = self._tickets_with_plans(
            [ticket_id for _product, ids in by_product for ticket_id in ids]
        )
        category_sets = [set(ids) for _category, ids in by_category]
        groups += [
            (Category, product, set(ids), Cause)
            for product, ids in by_product
            if not set(ids) & plan_tickets
            and not any(set(ids) <= tickets for tickets in category_sets)
        ]
        # a cluster already flagged, even one a plan has answered since, is
        # not flagged again; new complaints make a new cluster
        known = defaultdict(set)
        for problem in self.search(
            [("company_id", "=", company.id), ("create_date", ">=", since)]
        ):
            key = (problem.category_id.id, problem.product_id.id, problem.cause_id.id)
            known[key] |= set(problem.ticket_ids.ids)
        return [
            (company, category, product, Ticket.browse(sorted(ticket_ids)), cause)
            for category, product, ticket_ids, cause in groups
            # nothing new since the last run: leave it
            if not ticket_ids <= known[category.id, product.id, cause.id]
        ]

    @api.model
    def _tickets_with_plans(self, ticket_ids):
        """Of these complaints, those an open or carried-out plan answers."""
        plans = self.env["complaint.corrective.action"].search(
            [("ticket_ids", "in", ticket_ids), ("state", "in", ("open", "done"))]
        )
        return set(plans.ticket_ids.ids) & set(ticket_ids)

    @api.model
    def _covered_categories(self, company, category_ids):
        plans = self.env["complaint.corrective.action"].search(
            [
                ("company_id", "=", company.id),
                ("category_id", "in", category_ids),
                ("state", "in", ("open", "done")),
            ]
        )
        return set(plans.category_id.ids)

    @api.model
    def _record_cluster(self, company, category, product, tickets, cause=None):
        cause = cause or self.env["complaint.cause"]
        problem = self.search(
            [
                ("company_id", "=", company.id),
                ("category_id", "=", category.id),
                ("product_id", "=", product.id),
                ("cause_id", "=", cause.id),
                ("state", "=", "open"),
            ],
            limit=1,
        )
        new_tickets = tickets - problem.ticket_ids
        if not new_tickets:
            return problem
        if problem:
            problem.ticket_ids = [(4, ticket.id) for ticket in new_tickets]
        else:
            problem = self.create(
                {
                    "company_id": company.id,
                    "category_id": category.id,
                    "product_id": product.id,
                    "cause_id": cause.id,
                    "ticket_ids": [(6, 0, tickets.ids)],
                }
            )
            problem._notify_managers()
        new_tickets.filtered(lambda t: not t.complaint_recurring)._set_workflow_values(
            {"complaint_recurring": True}
        )
        return problem

    def _notify_managers(self):
        managers = self.env.ref("complaint_management.group_complaint_manager").users
        for manager in managers.filtered(
            lambda u: self.company_id in u.company_ids and not u.share
        ):
            self.activity_schedule(
                "complaint_management.mail_activity_recurring_problem",
                user_id=manager.id,
                summary=self.env._("Recurring problem: one plan may solve it"),
                note=self.env._(
                    "%(count)s recent complaints about %(subject)s and no action "
                    "plan covers them.",
                    count=self.complaint_count,
                    subject=self.display_name,
                ),
            )
