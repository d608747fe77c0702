# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from ..models.helpdesk_ticket import AWAITING_ANSWER

TEMPLATES = {
    "holding_reply": "complaint_management.mail_template_complaint_holding_reply",
    "change": "complaint_management.mail_template_complaint_deadline_changed",
}


class ComplaintDeadlineWizard(models.TransientModel):
    """A new answer date, with its reason, told to the customer: a holding
    reply (where the regime allows one, never past its extended limit) or a
    renegotiated date. The date first promised is kept on the clock."""

    _name = "complaint.deadline.wizard"
    _description = "Holding Reply or New Answer Date"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    mode = fields.Selection(
        selection=[
            ("holding_reply", "Holding Reply"),
            ("change", "New Answer Date"),
        ],
        required=True,
        default="change",
    )
    current_date = fields.Date(
        string="Answer Due", related="ticket_id.complaint_deadline_date"
    )
    original_deadline = fields.Datetime(
        string="Originally Promised", related="ticket_id.complaint_original_deadline"
    )
    limit_date = fields.Date(
        string="Latest Possible Date",
        compute="_compute_limit_date",
        help="The regime's extended limit: a holding reply cannot promise later.",
    )
    new_date = fields.Date(string="New Answer Date", required=True)
    reason = fields.Text(
        required=True,
        help="Why the answer needs more time: the customer reads it.",
    )

    @api.depends("ticket_id", "mode")
    def _compute_limit_date(self):
        for wizard in self:
            ticket = wizard.ticket_id
            clock = ticket._get_complaint_governing_clock() if ticket else False
            if wizard.mode == "holding_reply" and clock:
                limit = ticket._get_complaint_extended_limit(clock)
                wizard.limit_date = ticket._to_complaint_local(limit).date()
            else:
                wizard.limit_date = False

    def action_apply(self):
        self.ensure_one()
        ticket = self.ticket_id
        self._check_can_apply()
        ticket._complaint_move_deadline(
            self.new_date, self.reason, holding=self.mode == "holding_reply"
        )
        template = self.env.ref(TEMPLATES[self.mode])
        # our own template: its wording needs no check
        ticket.with_context(complaint_phrase_confirmed=True).message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        return {"type": "ir.actions.act_window_close"}

    def _check_can_apply(self):
        ticket = self.ticket_id
        if ticket.complaint_state not in AWAITING_ANSWER:
            raise UserError(
                self.env._(
                    "Complaint %(ref)s is not awaiting an answer: its answer "
                    "date no longer moves.",
                    ref=ticket.complaint_ref or ticket.display_name,
                )
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Tell the customer why the date changes."))
        today = ticket._to_complaint_local(fields.Datetime.now()).date()
        if self.new_date < today:
            raise UserError(self.env._("The new answer date cannot be in the past."))
        if self.new_date == ticket.complaint_deadline_date:
            raise UserError(
                self.env._("The new answer date is the one already promised.")
            )
        if self.mode != "holding_reply":
            return
        if not ticket.complaint_can_hold:
            raise UserError(
                self.env._(
                    "Under %(regime)s a holding reply cannot move the answer date "
                    "of complaint %(ref)s: change the answer date instead.",
                    regime=ticket.complaint_regime_id.display_name,
                    ref=ticket.complaint_ref or ticket.display_name,
                )
            )
        if self.new_date > self.limit_date:
            raise UserError(
                self.env._(
                    "Under %(regime)s the answer is due by %(limit)s at the "
                    "latest: a holding reply cannot promise a later date.",
                    regime=ticket.complaint_regime_id.display_name,
                    limit=tools.format_date(self.env, self.limit_date),
                )
            )
        if self.new_date < ticket.complaint_deadline_date:
            raise UserError(
                self.env._(
                    "A holding reply gives more time: choose a date after the "
                    "one already promised."
                )
            )
