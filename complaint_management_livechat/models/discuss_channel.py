# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext, plaintext2html
from odoo.tools.mail import email_re

COMMAND = "/complaint"
# the title of a complaint is the first words of what happened
TITLE_LENGTH = 80


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    complaint_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="The complaint registered from this conversation.",
    )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def execute_command_complaint(self, **kwargs):
        """The operator's ``/complaint [e-mail] what happened``: register a
        complaint for the visitor, tell the visitor its number and date in
        the chat, and the operator where to find it."""
        self.ensure_one()
        text = html2plaintext(kwargs.get("body") or "").strip()
        if text.startswith(COMMAND):
            text = text[len(COMMAND) :].strip()
        email, _sep, rest = text.partition(" ")
        if tools.email_normalize(email):
            text = rest.strip()
        else:
            email = False
        try:
            # a refusal leaves nothing behind (a contact made on the way)
            with self.env.cr.savepoint():
                complaint, created = self._complaint_register_from_livechat(
                    email=email, summary=text
                )
                self._complaint_post_registration(complaint, created)
        except UserError as error:
            self.env.user._bus_send_transient_message(self, plaintext2html(str(error)))
            return
        link = complaint._get_html_link()
        self.env.user._bus_send_transient_message(
            self,
            self.env._("Complaint %(link)s registered.", link=link)
            if created
            else self.env._(
                "This conversation was added to complaint %(link)s.", link=link
            ),
        )

    def action_complaint_register_from_livechat(self):
        """The button of the session's form: the same as the command, with
        the visitor's own contact or the e-mail they gave in the chat."""
        self.ensure_one()
        complaint, created = self._complaint_register_from_livechat()
        self._complaint_post_registration(complaint, created)
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": complaint.id,
            "view_mode": "form",
        }

    def action_view_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.complaint_ticket_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    def _complaint_register_from_livechat(self, email=None, summary=None):
        """Register a complaint for this conversation's visitor, through the
        core's intake (same rules as every route), with the transcript as its
        first message; post its number and answer date in the chat."""
        self.ensure_one()
        if self.env.user.share:
            raise AccessError(
                self.env._("Only the company's staff register complaints from a chat.")
            )
        if self.channel_type != "livechat":
            raise UserError(
                self.env._("Complaints are registered from live chat conversations.")
            )
        if self.complaint_ticket_id:
            raise UserError(
                self.env._(
                    "Complaint %(ref)s was already registered from this "
                    "conversation.",
                    ref=self.complaint_ticket_id.display_name,
                )
            )
        partner = self._complaint_livechat_customer(email)
        if not partner:
            raise UserError(
                self.env._(
                    "The visitor's e-mail address is not known: type "
                    "/complaint followed by their e-mail address and what "
                    "happened, e.g. /complaint anna@example.com The parcel "
                    "arrived broken."
                )
            )
        summary = (summary or "").strip()
        vals = {
            "name": summary[:TITLE_LENGTH]
            or self.env._("Live chat with %(name)s", name=partner.name),
            "description": plaintext2html(summary)
            if summary
            else self._complaint_livechat_transcript(),
            "partner_id": partner.id,
            "channel_id": self._complaint_livechat_ticket_channel().id,
        }
        vals.update(self._complaint_livechat_extra_vals())
        complaint, created = self.env["helpdesk.ticket"]._complaint_intake_create(
            vals, first_message=self._complaint_livechat_transcript(), author=partner
        )
        self._complaint_link(complaint)
        return complaint, created

    def _complaint_livechat_extra_vals(self):
        """Hook: more values for the complaint (the chatbot adds its desk)."""
        return {}

    def _complaint_link(self, complaint):
        # sudo: the link is written by the registration itself, on a
        # conversation the caller (operator or visitor) takes part in
        self.sudo().complaint_ticket_id = complaint
        if not complaint.sudo().complaint_livechat_channel_id:
            complaint.sudo().complaint_livechat_channel_id = self

    def _complaint_livechat_customer(self, email=None):
        """The customer: from the e-mail the operator typed, else the
        visitor's own contact (a signed-in visitor), else from the e-mail the
        visitor gave in the chat (the chatbot's e-mail step, or an address in
        their messages)."""
        name = self._complaint_livechat_visitor_name()
        Ticket = self.env["helpdesk.ticket"]
        if email:
            return Ticket._complaint_intake_partner(name=name, email=email)
        visitor = self._complaint_livechat_visitor_partner()
        if visitor.email or visitor.phone:
            return visitor
        given = self._complaint_livechat_visitor_email()
        if given:
            if visitor and not visitor.email:
                visitor.sudo().email = given
                return visitor
            return Ticket._complaint_intake_partner(name=name, email=given)
        return self.env["res.partner"]

    def _complaint_livechat_visitor_partner(self):
        """The signed-in visitor's contact: the conversation's member who is
        neither its operator nor an internal user (a guest has none)."""
        operator = self.livechat_operator_id
        members = (
            self.sudo()
            .with_context(active_test=False)
            .channel_member_ids.partner_id.filtered(
                lambda p: p != operator and p.partner_share and not p.is_public
            )
        )
        return members[:1].with_env(self.env)

    def _complaint_livechat_visitor_name(self):
        visitor = self._complaint_livechat_visitor_partner()
        if visitor:
            return visitor.name
        # sudo: the guest's name, as the conversation shows it
        guests = self.sudo().channel_member_ids.guest_id
        return (guests[:1].name or self.anonymous_name or "").strip() or False

    def _complaint_livechat_visitor_email(self):
        """The e-mail address the visitor gave: the chatbot's e-mail step's
        answer, else the last address written in one of their messages."""
        # sudo: the visitor's answers to the chatbot of this conversation
        channel = self.sudo()
        answers = channel._chatbot_find_customer_values_in_messages(
            {"question_email": "email"}
        )
        email = tools.email_normalize(answers.get("email") or "")
        if email:
            return email
        bots = (
            channel.chatbot_current_step_id | channel.chatbot_message_ids.script_step_id
        ).chatbot_script_id.operator_partner_id
        staff = self.livechat_operator_id | bots
        for message in channel.message_ids.sorted("id", reverse=True):
            author = message.author_id
            # the operator's, a colleague's or the chatbot's own messages
            if author and (author in staff or not author.partner_share):
                continue
            for found in email_re.findall(html2plaintext(message.body or "")):
                if tools.email_normalize(found):
                    return tools.email_normalize(found)
        return False

    def _complaint_livechat_transcript(self):
        # sudo: the conversation's messages, read by im_livechat's own helper
        history = self.sudo()._get_channel_history()
        return Markup("<p><strong>%s</strong></p><p>%s</p>") % (
            self.env._("Live chat conversation"),
            history,
        )

    def _complaint_livechat_ticket_channel(self):
        return (
            self.env.ref(
                "complaint_management_livechat.helpdesk_ticket_channel_livechat",
                raise_if_not_found=False,
            )
            or self.env["helpdesk.ticket.channel"]
        )

    def _complaint_post_registration(self, complaint, created):
        """The operator tells the visitor in the chat, in the customer's
        language."""
        body = self._complaint_registration_message(complaint, created)
        self.with_context(mail_create_nosubscribe=True).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _complaint_registration_message(self, complaint, created):
        # sudo: the complaint's number, date and customer, for the visitor
        complaint = complaint.sudo()
        lang = complaint.partner_id.lang or self.env.lang
        env = complaint.with_context(lang=lang).env
        if not created:
            # no number: whoever gave this address learns nothing of the
            # complaints already filed under it
            return plaintext2html(
                env._(
                    "We have added this conversation to your complaint in "
                    "progress: we will answer you by e-mail."
                )
            )
        message = env._(
            "We have registered your complaint under number %(ref)s. You will "
            "receive our answer no later than %(date)s.",
            ref=complaint.complaint_ref,
            date=tools.format_date(env, complaint.complaint_deadline_date, lang),
        )
        if complaint.partner_id.email:
            message += " " + env._(
                "We have sent this to %(email)s as well.",
                email=complaint.partner_id.email,
            )
        return plaintext2html(message)
