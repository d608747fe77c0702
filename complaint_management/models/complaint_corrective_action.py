# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# Fields only the plan's actions write: verification cannot be forged by RPC.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "done_date",
        "verified_by_id",
        "verified_date",
        "verification_verdict",
        "verification_note",
    }
)
# The plan's automatic activities, each of its own type.
ACTIVITY_CARRY_OUT = "complaint_management.mail_activity_plan_carry_out"
ACTIVITY_OVERDUE = "complaint_management.mail_activity_plan_overdue"


class ComplaintCorrectiveAction(models.Model):
    _name = "complaint.corrective.action"
    _description = "Corrective or Preventive Action Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.workflow.mixin"]
    _order = "date_deadline, id desc"
    _check_company_auto = True
    _workflow_fields = WORKFLOW_FIELDS
    _workflow_initial_values = {"state": "draft"}

    name = fields.Char(required=True, tracking=True)
    action_type = fields.Selection(
        selection=[("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
        tracking=True,
        help="Corrective: remove the cause of these complaints. Preventive: "
        "stop similar causes from producing new ones.",
    )
    description = fields.Html(string="Plan")
    root_cause = fields.Text()
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="complaint_corrective_action_ticket_rel",
        column1="action_id",
        column2="ticket_id",
        string="Complaints",
        domain="[('is_complaint', '=', True)]",
        check_company=True,
    )
    category_id = fields.Many2one(
        comodel_name="helpdesk.ticket.category",
        string="Complaint Category",
        index=True,
        domain="[('complaint_kind', '!=', False)]",
        check_company=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        check_company=True,
    )
    date_deadline = fields.Date(string="Deadline", tracking=True, index=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("open", "Open"),
            ("done", "Carried Out"),
            ("verified", "Verified"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    done_date = fields.Date(string="Carried Out On", readonly=True, copy=False)
    on_time = fields.Float(
        string="On Time (%)",
        compute="_compute_on_time",
        store=True,
        aggregator="avg",
        help="100 when the plan was carried out by its deadline, 0 when late.",
    )
    verified_by_id = fields.Many2one(
        comodel_name="res.users", string="Checked By", readonly=True, copy=False
    )
    verified_date = fields.Datetime(string="Checked On", readonly=True, copy=False)
    verification_verdict = fields.Selection(
        selection=[("effective", "It worked"), ("ineffective", "It did not work")],
        string="Verdict",
        readonly=True,
        copy=False,
        tracking=True,
    )
    verification_note = fields.Text(readonly=True, copy=False)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    overdue_notified = fields.Boolean(
        copy=False, index=True, help="The responsible's manager was told."
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    @api.depends("done_date", "date_deadline")
    def _compute_on_time(self):
        for plan in self:
            if not plan.done_date:
                plan.on_time = 0.0
            else:
                late = plan.date_deadline and plan.done_date > plan.date_deadline
                plan.on_time = 0.0 if late else 100.0

    @api.depends("state", "date_deadline")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.overdue = bool(
                plan.state in ("draft", "open")
                and plan.date_deadline
                and plan.date_deadline < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Overdue can only be searched as true or false.")
            )
        domain = [
            ("state", "in", ("draft", "open")),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&"] + domain

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for plan in self:
            plan.ticket_count = len(plan.ticket_ids)

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        problem_id = self.env.context.get("complaint_recurring_problem_id")
        if problem_id:
            problem = self.env["complaint.recurring.problem"].browse(problem_id)
            problem.corrective_action_ids = [(4, plan.id) for plan in plans]
        return plans

    def write(self, vals):
        if "date_deadline" in vals:
            vals = dict(vals, overdue_notified=False)
        return super().write(vals)

    def _workflow_error_message(self, field_names):
        return self.env._(
            "The state and verification of an action plan change only through "
            "its actions: use its buttons (Open, Carried Out, It Worked, It Did "
            "Not Work)."
        )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_open(self):
        for plan in self:
            plan._require_state(
                ("draft",),
                self.env._(
                    "Only a draft plan can be opened. Reload the page to see where "
                    "this one stands."
                ),
            )
            plan._set_workflow_values({"state": "open"})
            plan.activity_schedule(
                ACTIVITY_CARRY_OUT,
                date_deadline=plan.date_deadline or fields.Date.context_today(plan),
                user_id=plan.user_id.id,
                summary=self.env._("Carry out the action plan"),
                note=plan.name,
            )
        self._activity_update()
        return True

    def action_done(self):
        for plan in self:
            plan._require_state(
                ("open",),
                self.env._(
                    "Only an open plan can be marked as carried out. Reload the page "
                    "to see where this one stands."
                ),
            )
            plan._set_workflow_values(
                {"state": "done", "done_date": fields.Date.context_today(plan)}
            )
        self._activity_update()
        return True

    def action_verify(self, note=None):
        """It worked: record who checked, when, and the verdict."""
        return self._record_verification("effective", note)

    def action_reopen(self, note=None):
        """The check found it did not work: the plan is open again."""
        if not (note or "").strip():
            raise UserError(
                self.env._("Say why the plan did not work before reopening it.")
            )
        return self._record_verification("ineffective", note)

    def action_open_reopen_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("The Plan Did Not Work"),
            "res_model": "complaint.corrective.action.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_action_id": self.id},
        }

    def action_cancel(self):
        for plan in self:
            plan._require_state(
                ("draft", "open", "done"),
                self.env._(
                    "A verified or cancelled plan cannot be cancelled. If more must "
                    "be done, create a new plan."
                ),
            )
            plan._set_workflow_values({"state": "cancel"})
        self._activity_update()
        return True

    @api.model
    def _action_new_plan(self, defaults):
        """The form of a new plan, prefilled with ``defaults``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Action Plan"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {f"default_{key}": value for key, value in defaults.items()},
        }

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_all"
        )
        action["domain"] = [("id", "in", self.ticket_ids.ids)]
        return action

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _require_state(self, allowed, message):
        self.ensure_one()
        if self.state not in allowed:
            raise UserError(message)

    def _check_can_verify(self):
        self.ensure_one()
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise UserError(
                self.env._(
                    "Only a complaint manager checks whether a plan worked: ask one "
                    "to verify it."
                )
            )
        if self.env.user == self.user_id:
            raise UserError(
                self.env._(
                    "The person responsible for a plan does not verify it: ask "
                    "another complaint manager."
                )
            )

    def _record_verification(self, verdict, note):
        for plan in self:
            plan._require_state(
                ("done",),
                self.env._(
                    "Only a plan carried out can be verified: mark it as carried out "
                    "first."
                ),
            )
            plan._check_can_verify()
            plan._set_workflow_values(
                {
                    "state": "verified" if verdict == "effective" else "open",
                    "verified_by_id": self.env.uid,
                    "verified_date": fields.Datetime.now(),
                    "verification_verdict": verdict,
                    "verification_note": note or False,
                    "done_date": plan.done_date if verdict == "effective" else False,
                }
            )
            if note:
                plan.message_post(body=Markup("<p>%s</p>") % note)
            if verdict == "ineffective":
                plan.activity_schedule(
                    ACTIVITY_CARRY_OUT,
                    date_deadline=plan.date_deadline,
                    user_id=plan.user_id.id,
                    summary=self.env._("The plan did not work: revise it"),
                    note=note,
                )
        return True

    def _activity_update(self):
        """Close the plan's automatic activities its state makes obsolete,
        and only those (a To-Do someone scheduled on the plan stays): carried
        out, carrying it out and its overdue notice are done; cancelled, they
        are removed."""
        finished = self.filtered(lambda plan: plan.state in ("done", "verified"))
        if finished:
            finished.activity_feedback([ACTIVITY_CARRY_OUT, ACTIVITY_OVERDUE])
        cancelled = self.filtered(lambda plan: plan.state == "cancel")
        if cancelled:
            cancelled.activity_unlink([ACTIVITY_CARRY_OUT, ACTIVITY_OVERDUE])
        # a recurring problem a plan now covers needs no plan any more
        covered = (
            self.env["complaint.recurring.problem"]
            .search([("corrective_action_ids", "in", self.ids)])
            .filtered(lambda problem: problem.state == "covered")
        )
        if covered:
            covered.activity_feedback(
                ["complaint_management.mail_activity_recurring_problem"]
            )

    def _get_manager_to_notify(self):
        """The responsible's manager: their employee's manager when HR is
        installed, otherwise the company's complaint managers."""
        self.ensure_one()
        user = self.user_id
        if "employee_id" in user._fields:
            manager = user.employee_id.parent_id.user_id
            if manager:
                return manager
        managers = self.env.ref("complaint_management.group_complaint_manager").users
        return managers.filtered(
            lambda u: self.company_id in u.company_ids and u != user and not u.share
        )

    # ------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------

    @api.model
    def _cron_notify_overdue_plans(self, batch_size=200):
        plans = self.search(
            [("overdue", "=", True), ("overdue_notified", "=", False)],
            limit=batch_size,
        )
        for plan in plans:
            for manager in plan._get_manager_to_notify():
                plan.activity_schedule(
                    ACTIVITY_OVERDUE,
                    user_id=manager.id,
                    summary=self.env._("Action plan overdue"),
                    note=self.env._(
                        "%(plan)s, in the hands of %(user)s, is past its "
                        "deadline (%(deadline)s).",
                        plan=plan.name,
                        user=plan.user_id.name,
                        deadline=plan.date_deadline,
                    ),
                )
        plans.overdue_notified = True
        remaining = self.search_count(
            [("overdue", "=", True), ("overdue_notified", "=", False)]
        )
        self.env["ir.cron"]._notify_progress(done=len(plans), remaining=remaining)
