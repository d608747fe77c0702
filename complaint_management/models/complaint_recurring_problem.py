# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

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
        # counted in the database: reading every member of a large cluster
        # to count them would make each detection run cost its size
        saved = self.filtered("id")
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("complaint_recurring_problem_ids", "in", saved.ids)],
                ["complaint_recurring_problem_ids"],
                ["__count"],
            )
        )
        for problem in self:
            problem.complaint_count = (
                counts.get(problem, 0) if problem.id else len(problem.ticket_ids)
            )

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
    def _cron_detect_recurring_problems(self, batch_size=50, pending_limit=5000):
        """Flag clusters of at least N complaints in the last D days (per
        company settings), by category, by category and cause, and by product,
        that no open or carried-out plan covers.

        A run costs what is new since the last one: it reads the complaints
        registered, or whose category, product or cause changed, since then
        (complaint_recurring_pending, a partial index), and counts only the
        groups they belong to, within the window (indexed by group and date).
        Each run handles at most ``batch_size`` clusters and reports the rest
        to the cron, which calls again; the complaints of a cluster left for
        the next call stay pending. A run with nothing new reads one index."""
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        pending_domain = [("complaint_recurring_pending", "=", True)]
        pending = Ticket.search(pending_domain, order="id", limit=pending_limit)
        if not pending:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        now = fields.Datetime.now()
        candidates, later = [], Ticket
        for company in pending.company_id:
            of_company = pending.filtered(lambda t, c=company: t.company_id == c)
            found, not_yet = self._find_company_clusters(company, of_company, now)
            candidates += found
            later |= not_yet
        batch, rest = candidates[:batch_size], candidates[batch_size:]
        for company, category, product, cause, domain in batch:
            self._record_cluster(company, category, product, cause, domain, pending)
        # the complaints of the clusters left for the next call stay pending
        left = {(c.id, p.id, k.id) for _company, c, p, k, _domain in rest}
        later_ids = set(later.ids)
        done = pending.filtered(
            lambda t: t.id not in later_ids and not left & self._ticket_keys(t)
        )
        # a queue's mark, not a fact of the complaint: cleared in one statement
        # (NULL keeps the partial index to what is pending), write_date left
        if done:
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET complaint_recurring_pending = NULL"
                " WHERE id IN %s",
                [tuple(done.ids)],
            )
            done.invalidate_recordset(["complaint_recurring_pending"])
        self.env["ir.cron"]._notify_progress(
            done=len(done),
            remaining=Ticket.search_count(pending_domain) - len(later),
        )

    @api.model
    def _ticket_keys(self, ticket):
        """The clusters (category, product, cause) a complaint may be in."""
        category, cause = ticket.category_id.id, ticket.complaint_cause_id.id
        return {
            (category, False, False),
            (category, False, cause),
            (False, ticket.complaint_product_id.id, False),
        }

    @api.model
    def _find_company_clusters(self, company, tickets, now):
        """Among the groups these new complaints belong to: clusters by
        category, by category and cause, and by product across categories; a
        product cluster already inside one category cluster is not repeated,
        and a category cluster whose complaints all share one cause is told by
        its cause cluster alone. Counts only, per group, over the window.

        Returns the clusters, as (company, category, product, cause, domain
        of their complaints), and the complaints registered after ``now``
        (another server's clock), left for the next run."""
        since = now - timedelta(days=company.complaint_recurring_days)
        threshold = company.complaint_recurring_threshold
        later = tickets.filtered(lambda t: t.complaint_registered_date > now)
        recent = tickets.filtered(
            lambda t: t.is_complaint and since <= t.complaint_registered_date <= now
        )
        domain = [
            ("company_id", "=", company.id),
            ("is_complaint", "=", True),
            ("complaint_registered_date", ">=", since),
            ("complaint_registered_date", "<=", now),
        ]
        Ticket = self.env["helpdesk.ticket"]
        Category = self.env["helpdesk.ticket.category"]
        Product = self.env["product.product"]
        Cause = self.env["complaint.cause"]
        category_counts, cause_counts = defaultdict(int), {}
        if recent.category_id:
            for category, cause, count in Ticket._read_group(
                domain + [("category_id", "in", recent.category_id.ids)],
                ["category_id", "complaint_cause_id"],
                ["__count"],
            ):
                category_counts[category] += count
                if cause and count >= threshold:
                    cause_counts[category, cause] = count
        category_counts = {c: n for c, n in category_counts.items() if n >= threshold}
        covered = self._covered_categories(company, [c.id for c in category_counts])
        touched_causes = {(t.category_id, t.complaint_cause_id) for t in recent}
        cause_groups = [
            (category, Product, cause)
            for (category, cause) in cause_counts
            if category.id not in covered and (category, cause) in touched_causes
        ]
        groups = [
            (category, Product, Cause)
            for category, count in category_counts.items()
            if category.id not in covered
            and count not in [n for (c, _k), n in cause_counts.items() if c == category]
        ] + cause_groups
        groups += [
            (Category, product, Cause)
            for product in self._product_groups(domain, recent, threshold)
        ]
        clusters = []
        for category, product, cause in groups:
            group_domain = domain + self._group_domain(category, product, cause)
            # a cluster already flagged, even one a plan has answered since,
            # is not flagged again; new complaints make a new cluster. Only
            # the new ones are looked at: every complaint of the window was
            # new once, and was linked then or its group was below the
            # threshold, which only a new complaint can lift
            unknown = Ticket.search_count(
                group_domain
                + [
                    ("id", "in", recent.ids),
                    (
                        "complaint_recurring_problem_ids",
                        "not any",
                        [("create_date", ">=", since)]
                        + self._key_domain(category, product, cause),
                    ),
                ],
                limit=1,
            )
            if unknown:
                clusters.append((company, category, product, cause, group_domain))
        return clusters, later

    @api.model
    def _product_groups(self, domain, recent, threshold):
        """Products named by at least ``threshold`` complaints of the window,
        spread over several categories (inside one, the category's cluster
        tells it), none of them answered by an open or carried-out plan."""
        if not recent.complaint_product_id:
            return []
        Ticket = self.env["helpdesk.ticket"]
        totals, categories = defaultdict(int), defaultdict(set)
        for product, category, count in Ticket._read_group(
            domain + [("complaint_product_id", "in", recent.complaint_product_id.ids)],
            ["complaint_product_id", "category_id"],
            ["__count"],
        ):
            totals[product] += count
            categories[product].add(category)
        products = [
            product
            for product, count in totals.items()
            if count >= threshold
            and not (len(categories[product]) == 1 and all(categories[product]))
        ]
        if not products:
            return []
        planned = Ticket._read_group(
            domain
            + [
                ("complaint_product_id", "in", [p.id for p in products]),
                ("corrective_action_ids.state", "in", ("open", "done")),
            ],
            ["complaint_product_id"],
        )
        planned = {product for (product,) in planned}
        return [product for product in products if product not in planned]

    @api.model
    def _group_domain(self, category, product, cause):
        if product:
            return [("complaint_product_id", "=", product.id)]
        domain = [("category_id", "=", category.id)]
        if cause:
            domain.append(("complaint_cause_id", "=", cause.id))
        return domain

    @api.model
    def _key_domain(self, category, product, cause):
        return [
            ("category_id", "=", category.id),
            ("product_id", "=", product.id),
            ("cause_id", "=", cause.id),
        ]

    @api.model
    def _covered_categories(self, company, category_ids):
        if not category_ids:
            return set()
        plans = self.env["complaint.corrective.action"].search(
            [
                ("company_id", "=", company.id),
                ("category_id", "in", category_ids),
                ("state", "in", ("open", "done")),
            ]
        )
        return set(plans.category_id.ids)

    @api.model
    def _record_cluster(self, company, category, product, cause, domain, pending):
        """Add the group's complaints (``domain``) to the open problem of its
        kind, or flag a new one. An open problem gains the group's complaints
        among those new since the last run (``pending``): the others were
        seen by an earlier run, so the run costs what is new, not the
        cluster's size."""
        problem = self.search(
            [("company_id", "=", company.id), ("state", "=", "open")]
            + self._key_domain(category, product, cause),
            limit=1,
        )
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        if problem:
            new_tickets = Ticket.search(
                domain
                + [
                    ("id", "in", pending.ids),
                    ("complaint_recurring_problem_ids", "not in", problem.ids),
                ]
            )
            if not new_tickets:
                return problem
            problem._link_tickets(new_tickets)
        else:
            new_tickets = Ticket.search(domain)
            problem = self.create(
                {
                    "company_id": company.id,
                    "category_id": category.id,
                    "product_id": product.id,
                    "cause_id": cause.id,
                    "ticket_ids": [Command.set(new_tickets.ids)],
                }
            )
            problem._notify_managers()
        new_tickets.filtered(lambda t: not t.complaint_recurring)._set_workflow_values(
            {"complaint_recurring": True}
        )
        return problem

    def _link_tickets(self, tickets):
        """Add complaints to this problem. In SQL: the ORM's link reads every
        member of the problem first, a cost that grows with the cluster."""
        self.ensure_one()
        # both sides of the link: what the ORM holds of it goes first
        self.flush_recordset(["ticket_ids", "complaint_count"])
        tickets.flush_recordset(["complaint_recurring_problem_ids"])
        self.env.cr.execute(
            SQL(
                "INSERT INTO complaint_recurring_problem_ticket_rel"
                " (problem_id, ticket_id) SELECT %s, unnest(%s::int[])"
                " ON CONFLICT DO NOTHING",
                self.id,
                tickets.ids,
            )
        )
        # the count grows by the links made, not recounted over the cluster;
        # it is the only field that depends on the link (no field of the
        # complaint depends on complaint_recurring_problem_ids)
        self.env.cr.execute(
            SQL(
                "UPDATE complaint_recurring_problem"
                " SET complaint_count = complaint_count + %s WHERE id = %s",
                self.env.cr.rowcount,
                self.id,
            )
        )
        self.invalidate_recordset(["ticket_ids", "complaint_count"])
        tickets.invalidate_recordset(["complaint_recurring_problem_ids"])
        self.modified(["complaint_count"])  # its name shows the count

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
