# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintTransferWizard(models.TransientModel):
    _name = "complaint.transfer.wizard"
    _description = "Transfer a Complaint to a Colleague"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    customer_lang_name = fields.Char(compute="_compute_proposed_user_ids")
    proposed_user_ids = fields.Many2many(
        comodel_name="res.users",
        compute="_compute_proposed_user_ids",
        string="Colleagues Who Speak the Language",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Transfer To",
        required=True,
        domain="[('share', '=', False)]",
    )
    reason = fields.Text(
        required=True,
        compute="_compute_reason",
        store=True,
        readonly=False,
        help="Written in the chatter: the method asks to say why a complaint "
        "changes hands.",
    )
    notify_customer = fields.Boolean(
        string="Tell the Customer",
        default=True,
        help="Mail the customer, in their language, who now handles the "
        "complaint and why.",
    )

    @api.depends("ticket_id")
    def _compute_proposed_user_ids(self):
        for wizard in self:
            ticket = wizard.ticket_id
            lang = ticket.partner_id.lang
            wizard.customer_lang_name = ticket._get_lang_name(lang)
            wizard.proposed_user_ids = ticket._get_colleagues_speaking(lang)

    @api.depends("user_id")
    def _compute_reason(self):
        for wizard in self:
            if wizard.user_id and wizard.customer_lang_name:
                # in the customer's language: the customer is told the reason
                lang = wizard.ticket_id.partner_id.lang
                env = self.with_context(lang=lang).env if lang else self.env
                wizard.reason = env._(
                    "The customer writes in %(lang)s; %(user)s speaks it.",
                    lang=wizard.customer_lang_name,
                    user=wizard.user_id.name,
                )
            else:
                wizard.reason = wizard.reason or False

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(defaults.get("ticket_id"))
        if ticket and "user_id" in fields_list and not defaults.get("user_id"):
            proposed = ticket._get_colleagues_speaking(ticket.partner_id.lang)
            defaults["user_id"] = proposed[:1].id
        return defaults

    def action_transfer(self):
        self.ensure_one()
        if self.user_id == self.ticket_id.user_id:
            raise UserError(
                self.env._(
                    "The complaint is already in their hands: choose another colleague."
                )
            )
        self.ticket_id._complaint_transfer(
            self.user_id, self.reason, notify_customer=self.notify_customer
        )
        return {"type": "ir.actions.act_window_close"}
