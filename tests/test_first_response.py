"""The first response: the first message someone other than the customer
writes to the customer of a complaint stamps it, whatever route posts the
message; the returns' median first response reads the stamp, not the
messages of every complaint of the period."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import ComplaintCase, load_migration, queries_of


@tagged("post_install", "-at_install")
class TestFirstResponse(ComplaintCase):
    def _complaint(self):
        with freeze_time("2026-03-02 09:30:00"):
            return self._registered_complaint()

    def _reply(self, complaint, when, user=None, **values):
        with freeze_time(when):
            return complaint.with_user(user or self.user_agent).message_post(
                **{
                    "body": "We are looking into it.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                    **values,
                }
            )

    def test_the_agents_first_message_stamps_it(self):
        complaint = self._complaint()
        self.assertFalse(complaint.complaint_first_response_date)
        self._reply(complaint, "2026-03-02 12:30:00")
        self.assertEqual(
            complaint.complaint_first_response_date, datetime(2026, 3, 2, 12, 30)
        )
        # the first stays the first
        self._reply(complaint, "2026-03-03 08:00:00", user=self.user_manager)
        self.assertEqual(
            complaint.complaint_first_response_date, datetime(2026, 3, 2, 12, 30)
        )

    def test_notes_acknowledgement_and_the_customers_words_do_not(self):
        complaint = self._complaint()
        ack = self.env.ref("complaint_management.mt_complaint_acknowledged")
        self.assertIn(ack, complaint.message_ids.subtype_id)
        self._reply(
            complaint,
            "2026-03-02 10:00:00",
            subtype_xmlid="mail.mt_note",
            body="Internal: check the shelf.",
        )
        self._reply(
            complaint,
            "2026-03-02 11:00:00",
            user=self.env.ref("base.user_root"),
            author_id=self.customer.id,
            body="Any news?",
        )
        self._reply(
            complaint,
            "2026-03-02 11:30:00",
            message_type="notification",
            body="Automatic notice.",
        )
        self.assertFalse(complaint.complaint_first_response_date)

    def test_a_reply_by_the_composer_stamps_it(self):
        complaint = self._complaint()
        with freeze_time("2026-03-02 14:00:00"):
            composer = Form(
                self.env["mail.compose.message"]
                .with_user(self.user_agent)
                .with_context(
                    default_model="helpdesk.ticket",
                    default_res_ids=complaint.ids,
                    default_composition_mode="comment",
                    default_subtype_id=self.env.ref("mail.mt_comment").id,
                )
            )
            composer.body = "<p>A technician will call you.</p>"
            composer.save()._action_send_mail()
        self.assertEqual(
            complaint.complaint_first_response_date, datetime(2026, 3, 2, 14, 0)
        )

    def test_a_message_created_directly_stamps_it(self):
        """A module creating the message itself, without message_post."""
        complaint = self._complaint()
        with freeze_time("2026-03-02 15:00:00"):
            self.env["mail.message"].create(
                {
                    "model": "helpdesk.ticket",
                    "res_id": complaint.id,
                    "message_type": "email_outgoing",
                    "subtype_id": self.env.ref("mail.mt_comment").id,
                    "author_id": self.user_agent.partner_id.id,
                    "body": "<p>Sent from the shop's mail client.</p>",
                }
            )
        self.assertEqual(
            complaint.complaint_first_response_date, datetime(2026, 3, 2, 15, 0)
        )

    def test_messages_created_together_stamp_each_its_own(self):
        first, second = self._complaint(), self._complaint()
        ordinary = self._new_complaint(category_id=self.category_support.id)
        comment = self.env.ref("mail.mt_comment").id

        def answer(ticket, when, author):
            return {
                "model": "helpdesk.ticket",
                "res_id": ticket.id,
                "message_type": "comment",
                "subtype_id": comment,
                "author_id": author.id,
                "date": when,
                "body": "<p>Our answer.</p>",
            }

        agent = self.user_agent.partner_id
        self.env["mail.message"].create(
            [
                answer(first, "2026-03-02 16:00:00", agent),
                answer(second, "2026-03-02 16:30:00", self.customer),
                answer(first, "2026-03-02 15:00:00", agent),
                answer(second, "2026-03-02 17:00:00", agent),
                answer(ordinary, "2026-03-02 15:00:00", agent),
            ]
        )
        self.assertEqual(
            first.complaint_first_response_date, datetime(2026, 3, 2, 15, 0)
        )
        self.assertEqual(
            second.complaint_first_response_date, datetime(2026, 3, 2, 17, 0)
        )
        self.assertFalse(ordinary.complaint_first_response_date)

    def test_an_ordinary_ticket_is_not_stamped(self):
        ticket = self._new_complaint(category_id=self.category_support.id)
        self.assertFalse(ticket.is_complaint)
        self._reply(ticket, "2026-03-02 12:30:00", user=self.env.user)
        self.assertFalse(ticket.complaint_first_response_date)

    def test_the_backfill_finds_the_same_first_response(self):
        """The upgrade (18.0.7.1.0) stamps the complaints answered before the
        stamp existed from their messages, by the same rule."""
        answered, unanswered = self._complaint(), self._complaint()
        self._reply(answered, "2026-03-02 12:30:00")
        self._reply(answered, "2026-03-02 13:30:00")
        self._reply(unanswered, "2026-03-02 12:00:00", subtype_xmlid="mail.mt_note")
        ordinary = self._new_complaint(category_id=self.category_support.id)
        self._reply(ordinary, "2026-03-02 12:30:00", user=self.env.user)
        stamped = answered.complaint_first_response_date
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET complaint_first_response_date = NULL"
            " WHERE id IN %s",
            [tuple((answered | unanswered | ordinary).ids)],
        )
        self.env.invalidate_all()
        load_migration("18.0.7.1.0").migrate(self.env.cr, "18.0.7.0.0")
        self.assertEqual(answered.complaint_first_response_date, stamped)
        self.assertFalse(unanswered.complaint_first_response_date)
        self.assertFalse(ordinary.complaint_first_response_date)

    def test_the_summary_reads_the_stamp_not_the_messages(self):
        """At 1,000,000 complaints, finding each one's first message took the
        summary 6 of its 7.5 seconds."""
        quick, slow = self._complaint(), self._complaint()
        self._reply(quick, "2026-03-02 12:30:00")
        self._reply(slow, "2026-03-03 09:30:00")
        self._complaint()  # unanswered: not in the median
        wizard = self.env["complaint.report.wizard"].create(
            {
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "company_id": self.company.id,
            }
        )
        self.env.flush_all()
        data, queries = queries_of(wizard._get_summary_data)
        # 3 hours and 24 hours
        self.assertAlmostEqual(data["median_first_response_hours"], 13.5)
        self.assertFalse([q for q in queries if "mail_message" in str(q)])

    def test_the_agent_sees_it_on_the_complaint(self):
        complaint = self._complaint()
        self._reply(complaint, "2026-03-02 12:30:00")
        form = Form(complaint.with_user(self.user_agent))
        self.assertEqual(form.complaint_first_response_date, "2026-03-02 12:30:00")
