from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MAIL_TEMPLATE, ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintMailIntake(ComplaintCase):
    def _process(self, email_from, subject, to=None):
        return self.format_and_process(
            MAIL_TEMPLATE,
            email_from,
            to or self.team.alias_id.alias_full_name,
            subject=subject,
            target_model="helpdesk.ticket",
        )

    def test_mail_to_complaints_alias_creates_registered_complaint(self):
        with self.mock_mail_gateway():
            complaint = self._process(
                "Nina Novak <nina.novak@example.com>", "Expired yoghurt again"
            )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.team_id, self.team)
        self.assertTrue(complaint.is_complaint)
        self.assertTrue(complaint.complaint_ref)
        self.assertTrue(complaint.complaint_deadline)
        # the sender, unknown until now, becomes the customer
        customer = complaint.partner_id
        self.assertEqual(customer.email, "nina.novak@example.com")
        self.assertEqual(customer.name, "Nina Novak")
        # the customer's own message is on the complaint, authored by them
        incoming = complaint.message_ids.filtered(
            lambda m: "two weeks past its date" in (m.body or "")
        )
        self.assertEqual(incoming.author_id, customer)
        # and the acknowledgement went to them
        acknowledgement = self._new_mails.filtered(
            lambda m: complaint.complaint_ref in (m.subject or "")
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.recipient_ids, customer)

    def test_mail_from_known_customer_uses_their_card(self):
        with self.mock_mail_gateway():
            complaint = self._process(
                "Carla <carla.customer@example.com>", "Broken kettle"
            )
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertTrue(complaint.complaint_ref)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_mail_without_usable_sender_creates_nothing(self):
        for sender in ("", "undisclosed-recipients:;", "no address here"):
            subject = f"Anonymous grumble {sender!r}"
            with self.mock_mail_gateway():
                complaint = self._process(sender, subject)
            self.assertFalse(complaint, f"sender {sender!r} made a complaint")
            self.assertFalse(self._new_mails)

    def test_mail_to_plain_team_is_not_a_complaint(self):
        plain_team = self.env["helpdesk.ticket.team"].create(
            {"name": "How-to questions", "alias_name": "test-howto"}
        )
        with self.mock_mail_gateway():
            ticket = self._process(
                "Carla <carla.customer@example.com>",
                "How do I descale?",
                to=plain_team.alias_id.alias_full_name,
            )
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.is_complaint)
        self.assertFalse(ticket.complaint_ref)
