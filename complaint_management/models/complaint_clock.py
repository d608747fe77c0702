# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_regime_clock import CLOCK_KINDS, DEMANDS


class ComplaintClock(models.Model):
    """One of a complaint's clocks, frozen at registration (or when the
    customer's demand is known): what is due, by when, and when it was done."""

    _name = "complaint.clock"
    _description = "Complaint Clock"
    _inherit = ["complaint.workflow.mixin"]
    _order = "ticket_id, due_date, id"
    # frozen at registration; moved or met only by the complaint's actions
    _workflow_fields = frozenset(
        {
            "regime_clock_id",
            "kind",
            "demand",
            "governing",
            "start_date",
            "due_date",
            "original_due_date",
            "promised_due_date",
            "met_date",
            "lapsed",
            "change_reason",
        }
    )

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    regime_clock_id = fields.Many2one(
        comodel_name="complaint.regime.clock",
        string="Clock",
        required=True,
        # deleting a clock in use is refused by the regime clock itself;
        # cascade lets the addon's uninstall remove its shipped clocks
        ondelete="cascade",
    )
    name = fields.Char(related="regime_clock_id.name")
    kind = fields.Selection(selection=CLOCK_KINDS, required=True, readonly=True)
    demand = fields.Selection(selection=DEMANDS, readonly=True)
    governing = fields.Boolean(readonly=True)
    legal_reference = fields.Char(related="regime_clock_id.legal_reference")
    start_date = fields.Datetime(
        string="Counted From", readonly=True, help="The event the clock counts from."
    )
    due_date = fields.Datetime(
        string="Due", required=True, readonly=True, index=True, copy=False
    )
    original_due_date = fields.Datetime(
        string="Originally Due",
        required=True,
        readonly=True,
        copy=False,
        help="The first date promised: on-time figures count against it, "
        "whatever a holding reply or a new date changed later.",
    )
    promised_due_date = fields.Datetime(
        string="Promised Before the New Date",
        readonly=True,
        copy=False,
        help="The date promised when the answer date was first changed: the "
        "on-time figures count against it. Empty when the date was never "
        "changed, or only moved by a holding reply within the regime's limit.",
    )
    met_date = fields.Datetime(string="Met On", readonly=True, copy=False)
    lapsed = fields.Boolean(
        readonly=True,
        copy=False,
        help="Found past due and not met by the scheduled action.",
    )
    state = fields.Selection(
        selection=[("open", "Open"), ("met", "Met"), ("missed", "Missed")],
        compute="_compute_state",
        store=True,
        # in the insert: a clock met at registration costs no update
        precompute=True,
        index=True,
        help="Met: done by its due date. Missed: done late, or due and not "
        "done yet (the scheduled action marks those).",
    )
    met_on_original = fields.Boolean(
        string="On Time (original date)",
        compute="_compute_state",
        store=True,
        precompute=True,
        help="Done by the date first promised.",
    )
    change_reason = fields.Text(
        string="Reason for the New Date",
        readonly=True,
        copy=False,
        help="Why the due date was moved (a holding reply or a new answer "
        "date), as told to the customer.",
    )

    @api.depends("due_date", "original_due_date", "met_date", "lapsed")
    def _compute_state(self):
        for clock in self:
            if clock.met_date:
                clock.state = "met" if clock.met_date <= clock.due_date else "missed"
            else:
                clock.state = "missed" if clock.lapsed else "open"
            clock.met_on_original = bool(
                clock.met_date and clock.met_date <= clock.original_due_date
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_mark_met(self):
        """The agent records the remedy done (a repair handed back, say)
        where no document of a bridge reports it."""
        if self.filtered(lambda c: c.kind != "remedy"):
            raise UserError(
                self.env._(
                    "Only a remedy clock is marked done by hand; the others are "
                    "met by what they wait for (the registration, the reply)."
                )
            )
        self._mark_met()
        return True

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    def _mark_met(self, when=None):
        """Record once when what the clock asked for was done."""
        todo = self.filtered(lambda c: not c.met_date)
        todo._set_workflow_values({"met_date": when or fields.Datetime.now()})
        return todo

    # ------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------

    @api.model
    def _cron_mark_missed(self, batch_size=1000):
        """Clocks past due and not met turn missed; run twice, nothing more
        changes."""
        domain = [
            ("state", "=", "open"),
            ("met_date", "=", False),
            ("due_date", "<", fields.Datetime.now()),
            # a withdrawn or duplicate complaint owes nothing more
            ("ticket_id.complaint_state", "not in", ("withdrawn", "duplicate")),
        ]
        clocks = self.search(domain, limit=batch_size)
        clocks._set_workflow_values({"lapsed": True})
        self.env["ir.cron"]._notify_progress(
            done=len(clocks), remaining=self.search_count(domain)
        )
