# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_livechat_channel_id = fields.Many2one(
        comodel_name="discuss.channel",
        string="Live Chat Conversation",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The live chat conversation this complaint was registered from.",
    )

    def action_view_livechat_conversation(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "im_livechat.discuss_channel_action"
        )
        action.update(
            {
                "res_id": self.complaint_livechat_channel_id.id,
                "view_mode": "form",
                "views": [
                    (
                        self.env.ref("im_livechat.discuss_channel_view_form").id,
                        "form",
                    )
                ],
            }
        )
        return action
