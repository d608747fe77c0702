# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, plaintext2html

_logger = logging.getLogger(__name__)

FREE_INPUT_STEPS = ("free_input_single", "free_input_multi")


class ChatbotScriptStep(models.Model):
    _inherit = "chatbot.script.step"

    step_type = fields.Selection(
        selection_add=[("register_complaint", "Register a complaint")],
        ondelete={"register_complaint": "cascade"},
    )
    complaint_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Complaints Desk",
        domain=[("is_complaint_team", "=", True)],
        ondelete="set null",
        help="The desk the complaint is registered at; empty: the company's "
        "complaints desk.",
    )
    complaint_facts_step_id = fields.Many2one(
        comodel_name="chatbot.script.step",
        string="What Happened (step)",
        domain="[('chatbot_script_id', '=', chatbot_script_id), "
        "('step_type', 'in', ('free_input_single', 'free_input_multi'))]",
        ondelete="set null",
        help="The question whose answer says what happened; empty: the first "
        "free input answered.",
    )
    complaint_remedy_step_id = fields.Many2one(
        comodel_name="chatbot.script.step",
        string="What They Want (step)",
        domain="[('chatbot_script_id', '=', chatbot_script_id), "
        "('step_type', 'in', ('free_input_single', 'free_input_multi'))]",
        ondelete="set null",
        help="The question whose answer says what the visitor wants.",
    )

    def _process_step(self, discuss_channel):
        """Register the complaint with what the visitor told the bot, and
        answer with its number (or why it could not be registered)."""
        self.ensure_one()
        if self.step_type != "register_complaint":
            return super()._process_step(discuss_channel)
        # sudo: discuss.channel - updating current step on the channel is
        # allowed (as im_livechat does for every step)
        discuss_channel.sudo().chatbot_current_step_id = self.id
        body = self._process_step_register_complaint(discuss_channel)
        return discuss_channel._chatbot_post_message(self.chatbot_script_id, body)

    def _process_step_register_complaint(self, discuss_channel):
        # sudo: the visitor (often a public user) registers their own
        # complaint through the core's intake, which applies its rules; what
        # is read and written is this conversation and its complaint
        step = self.sudo()
        channel = discuss_channel.sudo()
        customer = step._chatbot_prepare_customer_values(
            channel, create_partner=False, update_partner=True
        )
        facts, remedy = step._complaint_chatbot_answers(channel)
        Ticket = self.env["helpdesk.ticket"].sudo()
        partner = customer["partner"] or self.env["res.partner"]
        if not partner or not (partner.email or partner.phone):
            partner = Ticket._complaint_intake_partner(
                name=channel._complaint_livechat_visitor_name() or customer["email"],
                email=customer["email"],
                phone=customer["phone"],
            )
        vals = {
            "name": (facts.splitlines() or [""])[0][:80]
            or self.env._("Live chat with %(name)s", name=partner.name or ""),
            "description": plaintext2html(facts)
            if facts
            else channel._complaint_livechat_transcript(),
            "complaint_remedy_sought": remedy or False,
            "partner_id": partner.id,
            "channel_id": channel._complaint_livechat_ticket_channel().id,
        }
        team = step.complaint_team_id
        if team:
            vals["team_id"] = team.id
            if team.company_id:
                vals["company_id"] = team.company_id.id
        try:
            complaint, created = Ticket._complaint_intake_create(
                vals,
                first_message=channel._complaint_livechat_transcript(),
                author=partner or None,
            )
        except UserError as error:
            _logger.info(
                "Chatbot %s: no complaint registered from conversation %s: %s",
                step.chatbot_script_id.title,
                channel.id,
                error,
            )
            return plaintext2html(
                self.env._(
                    "We could not register your complaint: %(reason)s",
                    reason=str(error),
                )
            )
        channel._complaint_link(complaint)
        body = channel._complaint_registration_message(complaint, created)
        if self.message:
            body = plaintext2html(self.message) + body
        return Markup(body)

    def _complaint_chatbot_answers(self, discuss_channel):
        """The visitor's answers to the free input questions: what happened
        and what they want."""
        answers = {}
        bot = self.chatbot_script_id.operator_partner_id
        for chatbot_message in discuss_channel.chatbot_message_ids.sorted("id"):
            message = chatbot_message.mail_message_id
            step = chatbot_message.script_step_id
            if step.step_type not in FREE_INPUT_STEPS or message.author_id == bot:
                continue
            text = html2plaintext(message.body or "").strip()
            if text:
                answers[step] = "\n".join(filter(None, [answers.get(step), text]))
        remedy_step = self.complaint_remedy_step_id
        facts_step = self.complaint_facts_step_id or next(
            (step for step in answers if step != remedy_step), None
        )
        return answers.get(facts_step, ""), answers.get(remedy_step, "")
