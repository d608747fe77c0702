"""Complaints from live chat (complaint_management_livechat): real livechat
conversations opened through im_livechat's own /im_livechat/get_session, the
operator's /complaint command and the chatbot's *Register a complaint* step,
the transcript as the complaint's first message, the acknowledgement, and the
links between the conversation and the complaint."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestLivechatComplaint(HttpCase, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.user_ids = cls.user_agent
        cls.user_agent.groups_id += cls.env.ref("im_livechat.im_livechat_group_user")
        cls.env["bus.presence"].create(
            {"user_id": cls.user_agent.id, "status": "online"}
        )
        cls.livechat = cls.env["im_livechat.channel"].create(
            {"name": "Shop chat", "user_ids": [cls.user_agent.id]}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="chat_portal",
            name="Petra Portal",
            email="petra.portal@example.com",
            groups="base.group_portal",
        )
        cls.livechat_ticket_channel = cls.env.ref(
            "complaint_management_livechat.helpdesk_ticket_channel_livechat"
        )

    def _open_chat(self, **params):
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            dict(
                {"anonymous_name": "Night visitor", "channel_id": self.livechat.id},
                **params,
            ),
        )
        return self.env["discuss.channel"].browse(data["discuss.channel"][0]["id"])

    def _visitor_says(self, channel, text):
        """The visitor posts in the chat, over HTTP, as a guest or signed in."""
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": channel.id,
                "post_data": {"body": text, "message_type": "comment"},
            },
        )

    def _command(self, channel, body):
        with self.mock_mail_gateway():
            channel.with_user(self.user_agent).execute_command_complaint(body=body)

    def _assert_registered_from(self, channel, complaint, customer_email):
        self.assertEqual(complaint.complaint_state, "registered")
        self.assertEqual(complaint.partner_id.email, customer_email)
        self.assertEqual(complaint.channel_id, self.livechat_ticket_channel)
        self.assertEqual(channel.complaint_ticket_id, complaint)
        self.assertEqual(complaint.complaint_livechat_channel_id, channel)
        # the transcript first, then the acknowledgement
        posted = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment"
        ).sorted("id")
        self.assertIn("Live chat conversation", posted[0].body)
        self.assertEqual(posted[0].author_id, complaint.partner_id)
        self.assertEqual(
            posted[1].subtype_id,
            self.env.ref("complaint_management.mt_complaint_acknowledged"),
        )
        self.assertSentEmail(
            complaint.company_id.partner_id,
            complaint.partner_id,
            subject=f"Your complaint {complaint.complaint_ref} has been registered",
        )
        # the number and the date told in the chat
        told = channel.message_ids.sorted("id")[-1]
        self.assertIn(complaint.complaint_ref, told.body)
        self.assertIn(
            self.env["ir.qweb.field.date"].value_to_html(
                complaint.complaint_deadline_date, {}
            ),
            told.body,
        )
        return posted[0]

    def test_command_with_an_email_for_a_guest(self):
        channel = self._open_chat()
        self.assertEqual(channel.channel_type, "livechat")
        self._visitor_says(channel, "My kettle leaks since the first day.")
        self._command(channel, "/complaint nina.night@example.com The kettle leaks")
        complaint = channel.complaint_ticket_id
        transcript = self._assert_registered_from(
            channel, complaint, "nina.night@example.com"
        )
        self.assertIn("My kettle leaks since the first day.", transcript.body)
        self.assertEqual(complaint.name, "The kettle leaks")
        self.assertIn(complaint.partner_id, complaint.message_partner_ids)
        # a second command does not register the conversation twice
        self._command(channel, "/complaint The kettle leaks")
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("complaint_livechat_channel_id", "=", channel.id)]
            ),
            1,
        )

    def test_command_without_an_email(self):
        channel = self._open_chat()
        self._visitor_says(channel, "The order never came.")
        # nothing to answer the visitor with: nothing is registered
        self._command(channel, "/complaint")
        self.assertFalse(channel.complaint_ticket_id)
        # the address the visitor wrote in the chat is used
        self._visitor_says(channel, "Write to me at oleg.guest@example.com please")
        self._command(channel, "/complaint")
        complaint = channel.complaint_ticket_id
        self._assert_registered_from(channel, complaint, "oleg.guest@example.com")
        self.assertIn("The order never came.", complaint.description)

    def test_command_for_a_signed_in_customer_and_reply_by_mail(self):
        self.authenticate("chat_portal", "chat_portal")
        channel = self._open_chat()
        self._visitor_says(channel, "The coat I ordered has a torn sleeve.")
        self._command(channel, "/complaint Torn sleeve")
        complaint = channel.complaint_ticket_id
        self.assertEqual(complaint.partner_id, self.portal_user.partner_id)
        self._assert_registered_from(channel, complaint, "petra.portal@example.com")
        # the agent's answer on the complaint reaches the visitor by mail
        with self.mock_mail_gateway():
            complaint.with_user(self.user_agent).message_post(
                body="<p>We are sending a new coat today.</p>",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertSentEmail(
            self.user_agent.partner_id,
            self.portal_user.partner_id,
            body_content="We are sending a new coat today.",
        )
        # complaint users who did not take part may read the conversation,
        # not the chats no complaint came from
        self.assertTrue(channel.with_user(self.user_manager).has_access("read"))
        other_chat = self._open_chat()
        self.assertFalse(other_chat.with_user(self.user_manager).has_access("read"))

    def test_button_on_the_conversation(self):
        self.authenticate("chat_portal", "chat_portal")
        channel = self._open_chat()
        self._visitor_says(channel, "The lamp arrived without its shade.")
        with self.mock_mail_gateway():
            action = channel.with_user(
                self.user_agent
            ).action_complaint_register_from_livechat()
        complaint = self.env["helpdesk.ticket"].browse(action["res_id"])
        self._assert_registered_from(channel, complaint, "petra.portal@example.com")
        self.assertEqual(complaint.partner_id, self.portal_user.partner_id)
        # the complaint's button opens the conversation
        action = complaint.with_user(
            self.user_agent
        ).action_view_livechat_conversation()
        self.assertEqual(action["res_id"], channel.id)

    def test_chatbot_registers_a_complaint(self):
        script = self.env["chatbot.script"].create({"title": "Night desk"})
        Step = self.env["chatbot.script.step"]
        _welcome, _email, facts, remedy, register = Step.create(
            [
                {
                    "chatbot_script_id": script.id,
                    "step_type": "text",
                    "message": "We are sorry something went wrong.",
                },
                {
                    "chatbot_script_id": script.id,
                    "step_type": "question_email",
                    "message": "Your e-mail address?",
                },
                {
                    "chatbot_script_id": script.id,
                    "step_type": "free_input_multi",
                    "message": "What happened?",
                },
                {
                    "chatbot_script_id": script.id,
                    "step_type": "free_input_single",
                    "message": "What would you like us to do?",
                },
                {
                    "chatbot_script_id": script.id,
                    "step_type": "register_complaint",
                    "message": "Thank you.",
                    "complaint_team_id": self.team.id,
                },
            ]
        )
        register.write(
            {"complaint_facts_step_id": facts.id, "complaint_remedy_step_id": remedy.id}
        )
        self.livechat.rule_ids = [(0, 0, {"chatbot_script_id": script.id})]
        channel = self._open_chat(chatbot_script_id=script.id)
        public = self.env.ref("base.public_user")
        # as im_livechat's own chatbot tests run a script: the visitor
        # answers, the current step processes the answer, the next one runs
        channel_as_visitor = channel.with_user(public).sudo()
        with self.mock_mail_gateway():
            for answer in (
                "zora.bot@example.com",
                "The blender stopped after two days.",
                "A refund.",
            ):
                message = channel_as_visitor.message_post(body=answer)
                step = channel_as_visitor.chatbot_current_step_id
                step._process_answer(channel_as_visitor, message.body)._process_step(
                    channel_as_visitor
                )
        self.assertEqual(channel.chatbot_current_step_id, register)
        complaint = channel.complaint_ticket_id
        self._assert_registered_from(channel, complaint, "zora.bot@example.com")
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.name, "The blender stopped after two days.")
        self.assertEqual(complaint.complaint_remedy_sought, "A refund.")
        told = channel.message_ids.sorted("id")[-1]
        self.assertEqual(told.author_id, script.operator_partner_id)
        self.assertIn("Thank you.", told.body)

    def test_demo_bot_takes_complaints_when_no_operator_is_there(self):
        step = self.env.ref(
            "complaint_management_livechat.chatbot_step_complaint_register", False
        )
        if not step:
            self.skipTest("the database has no demo data")
        self.assertEqual(step.step_type, "register_complaint")
        self.assertEqual(
            (step.complaint_facts_step_id | step.complaint_remedy_step_id).mapped(
                "step_type"
            ),
            ["free_input_multi", "free_input_single"],
        )
        rule = self.env.ref(
            "complaint_management_livechat.livechat_channel_complaints"
        ).rule_ids
        self.assertEqual(rule.chatbot_script_id, step.chatbot_script_id)
        self.assertTrue(rule.chatbot_only_if_no_operator)
