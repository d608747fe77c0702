# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    complaint_phrase_warning = fields.Text(
        string="Phrase Warning", compute="_compute_complaint_phrase_warning"
    )
    complaint_send_as_written = fields.Boolean(
        string="Send As Written",
        help="Send the message although it contains a phrase to avoid.",
    )

    @api.depends("body", "model", "subtype_is_log")
    def _compute_complaint_phrase_warning(self):
        Phrase = self.env["complaint.phrase"]
        for composer in self:
            phrases = Phrase.browse()
            if composer.model == "helpdesk.ticket" and not composer.subtype_is_log:
                phrases = Phrase._find_in(composer.body)
            composer.complaint_phrase_warning = (
                Phrase._format_warning(phrases) if phrases else False
            )

    def _action_send_mail(self, auto_commit=False):
        if self.complaint_send_as_written:
            self = self.with_context(complaint_phrase_confirmed=True)
        return super()._action_send_mail(auto_commit=auto_commit)
