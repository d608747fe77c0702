# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

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
        required=True,
        index=True,
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

    @api.depends("corrective_action_ids.state")
    def _compute_state(self):
        for problem in self:
            covered = any(
                plan.state in COVERING_STATES for plan in problem.corrective_action_ids
            )
            problem.state = "covered" if covered else "open"

    @api.depends("category_id", "complaint_count")
    def _compute_display_name(self):
        for problem in self:
            problem.display_name = self.env._(
                "%(category)s (%(count)s complaints)",
                category=problem.category_id.complete_name,
                count=problem.complaint_count,
            )

    def action_new_corrective_action(self):
        self.ensure_one()
        action = self.env["complaint.corrective.action"]._action_new_plan(
            {
                "name": self.env._("Recurring: %s", self.category_id.complete_name),
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
        """Flag categories with at least N complaints in the last D days (per
        company settings) that no open or carried-out plan covers.

        Only recent complaints are read (indexed registration date); each run
        handles at most ``batch_size`` clusters and reports the rest to the
        cron, which calls again. A run with nothing new changes nothing."""
        candidates = self._find_uncovered_clusters()
        batch, rest = candidates[:batch_size], candidates[batch_size:]
        for company, category, tickets in batch:
            self._record_cluster(company, category, tickets)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(rest))

    @api.model
    def _find_uncovered_clusters(self):
        now = fields.Datetime.now()
        clusters = []
        for company in self.env["res.company"].search([]):
            since = now - timedelta(days=company.complaint_recurring_days)
            domain = [
                ("company_id", "=", company.id),
                ("is_complaint", "=", True),
                ("complaint_registered_date", ">=", since),
                ("category_id", "!=", False),
            ]
            groups = self.env["helpdesk.ticket"]._read_group(
                domain,
                ["category_id"],
                ["id:array_agg"],
                having=[("__count", ">=", company.complaint_recurring_threshold)],
            )
            if not groups:
                continue
            category_ids = [category.id for category, _ids in groups]
            covered = self._covered_categories(company, category_ids)
            known = {
                problem.category_id.id: set(problem.ticket_ids.ids)
                for problem in self.search(
                    [
                        ("company_id", "=", company.id),
                        ("category_id", "in", category_ids),
                        ("state", "=", "open"),
                    ]
                )
            }
            for category, ticket_ids in groups:
                if category.id in covered:
                    continue
                if set(ticket_ids) <= known.get(category.id, set()):
                    continue  # nothing new since the last run
                tickets = self.env["helpdesk.ticket"].browse(sorted(ticket_ids))
                clusters.append((company, category, tickets))
        return clusters

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
    def _record_cluster(self, company, category, tickets):
        problem = self.search(
            [
                ("company_id", "=", company.id),
                ("category_id", "=", category.id),
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
                    "ticket_ids": [(6, 0, tickets.ids)],
                }
            )
            problem._notify_managers()
        new_tickets.filtered(lambda t: not t.complaint_recurring).write(
            {"complaint_recurring": True}
        )
        return problem

    def _notify_managers(self):
        managers = self.env.ref("complaint_management.group_complaint_manager").users
        for manager in managers.filtered(
            lambda u: self.company_id in u.company_ids and not u.share
        ):
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Recurring problem: one plan may solve it"),
                note=self.env._(
                    "%(count)s recent complaints in %(category)s and no action "
                    "plan covers them.",
                    count=self.complaint_count,
                    category=self.category_id.complete_name,
                ),
            )
