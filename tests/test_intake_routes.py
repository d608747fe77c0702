"""Every route that would create a complaint passes the same intake guards:
a complaints desk's alias, an alias whose defaults set a complaint category,
an incoming mail server bound to helpdesk tickets, a caller's
``message_process("helpdesk.ticket", ..., custom_values=...)``. The gateway
never raises for an intake reason (the mail server would bounce the
customer's mail or retry it forever)."""

import base64
from email.header import Header

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase
from .test_hardening_mail import raw_mail

INTAKE_LOGGER = "odoo.addons.complaint_management.models.helpdesk_ticket"


@tagged("post_install", "-at_install")
class TestEveryIntakeRouteGuarded(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ticket = cls.env["helpdesk.ticket"]
        # an ordinary team whose alias files its mail in a complaint category
        cls.plain_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Test shop front desk",
                "alias_name": "test-shop",
                "company_id": cls.company.id,
            }
        )
        cls.plain_team.alias_id.alias_defaults = repr(
            {
                "team_id": cls.plain_team.id,
                "category_id": cls.category_quality.id,
            }
        )

    def _by_server(self, raw):
        """What an incoming mail server bound to Helpdesk Ticket does, and
        what `odoo-mailgate --model` asks for: no alias, a model and values."""
        with self.mock_mail_gateway():
            return (
                self.env["mail.thread"]
                .sudo()
                .message_process(
                    "helpdesk.ticket",
                    raw,
                    custom_values={"category_id": self.category_quality.id},
                )
            )

    def _by_alias(self, raw):
        with self.mock_mail_gateway():
            return self.env["mail.thread"].sudo().message_process(None, raw)

    def _routes(self):
        shop = self.plain_team.alias_id.alias_full_name
        return (
            ("incoming mail server", self._by_server, "desk@example.com"),
            ("alias with a complaint category", self._by_alias, shop),
        )

    def test_new_sender_becomes_registered_complaint(self):
        for route, process, to in self._routes():
            sender = f"Nina {route} <nina.{len(route)}@example.com>"
            process(raw_mail(to, sender, f"Broken kettle ({route})"))
            complaint = self.Ticket.search([("name", "=", f"Broken kettle ({route})")])
            self.assertEqual(len(complaint), 1, route)
            self.assertTrue(complaint.is_complaint, route)
            self.assertTrue(complaint.complaint_ref, route)
            self.assertEqual(complaint.complaint_state, "registered", route)
            self.assertEqual(
                complaint.partner_id.email, f"nina.{len(route)}@example.com", route
            )
            acknowledgement = self._new_mails.filtered(
                lambda m, c=complaint: c.complaint_ref in (m.subject or "")
            )
            self.assertEqual(acknowledgement.recipient_ids, complaint.partner_id)

    @mute_logger(INTAKE_LOGGER)
    def test_out_of_office_makes_no_complaint_and_no_error(self):
        for route, process, to in self._routes():
            subject = f"Out of office ({route})"
            process(
                raw_mail(
                    to,
                    "away@example.com",
                    subject,
                    headers="Auto-Submitted: auto-replied",
                )
            )
            self.assertFalse(self.Ticket.search([("name", "=", subject)]), route)
            self.assertFalse(self._new_mails, f"{route}: nothing sent back")

    @mute_logger(INTAKE_LOGGER, "odoo.addons.mail.models.mail_thread")
    def test_mail_without_sender_makes_no_complaint_and_no_error(self):
        for route, process, to in self._routes():
            for sender in ("", "undisclosed-recipients:;"):
                subject = f"Anonymous ({route}, {sender!r})"
                process(raw_mail(to, sender, subject))
                self.assertFalse(self.Ticket.search([("name", "=", subject)]), route)
                self.assertFalse(self._new_mails, route)

    def test_cyrillic_windows_1251_mail_is_registered(self):
        text = "Просроченный йогурт на полке"
        for route, process, to in self._routes():
            sender = f"ivan.{len(route)}@example.com"
            process(
                raw_mail(
                    to,
                    sender,
                    Header(f"Жалоба ({route})", "utf-8").encode(),
                    body=base64.b64encode(text.encode("windows-1251")).decode(),
                    content_type='text/plain; charset="windows-1251"',
                    headers="Content-Transfer-Encoding: base64",
                )
            )
            complaint = self.Ticket.search([("partner_id.email", "=", sender)])
            self.assertEqual(len(complaint), 1, route)
            self.assertIn(text, complaint.description)
            self.assertTrue(complaint.complaint_ref, route)

    @mute_logger(INTAKE_LOGGER)
    def test_flood_by_category_route_joins_latest_complaint(self):
        self.company.write({"complaint_flood_limit": 2, "complaint_flood_minutes": 60})
        for number in range(4):
            self._by_server(
                raw_mail(
                    "desk@example.com", "flood@example.com", f"Again, part {number}"
                )
            )
        complaints = self.Ticket.search(
            [("partner_id.email", "=", "flood@example.com")]
        )
        self.assertEqual(len(complaints), 2)
        latest = complaints.sorted("id")[-1]
        self.assertTrue(
            latest.message_ids.filtered(lambda m: m.subject == "Again, part 3")
        )

    def test_ordinary_mail_of_the_same_server_stays_ordinary(self):
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(
                "helpdesk.ticket",
                raw_mail("desk@example.com", "asker@example.com", "How do I log in?"),
            )
        ticket = self.Ticket.search([("name", "=", "How do I log in?")])
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.is_complaint)
        self.assertFalse(ticket.complaint_state)


@tagged("post_install", "-at_install")
class TestComplaintOnlyByExplicitSignal(ComplaintCase):
    """helpdesk_mgmt gives a ticket without a team its user's first team;
    a complaints desk picked that way makes no complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Test support", "company_id": cls.company.id}
        )
        cls.desk_member = new_test_user(
            cls.env,
            login="desk_member",
            name="Dora Desk",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=cls.company.id,
        )
        # the complaints desk is this user's first team
        cls.team.user_ids = [(4, cls.desk_member.id)]
        cls.support_team.user_ids = [(4, cls.desk_member.id)]

    def _plain_ticket(self, **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "How do I reset my password?",
                "description": "<p>Question</p>",
                "user_id": self.desk_member.id,
                **values,
            }
        )

    def test_assignee_default_team_is_no_complaint(self):
        self.assertEqual(self.desk_member.helpdesk_team_ids[:1], self.team)
        ticket = self._plain_ticket()
        self.assertFalse(ticket.is_complaint)
        self.assertEqual(ticket.team_id, self.support_team)
        # and it closes like any ticket
        ticket.stage_id = self.stage_done
        self.assertTrue(ticket.closed)

    def test_assignee_with_only_the_desk_leaves_the_team_empty(self):
        self.support_team.user_ids = [(3, self.desk_member.id)]
        ticket = self._plain_ticket()
        self.assertFalse(ticket.team_id)
        self.assertFalse(ticket.is_complaint)

    def test_complaint_category_defaults_to_the_desk(self):
        ticket = self._plain_ticket(
            category_id=self.category_quality.id, partner_id=self.customer.id
        )
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(ticket.team_id, self.team)

    def test_explicit_desk_or_box_makes_a_complaint(self):
        self.assertTrue(self._plain_ticket(team_id=self.team.id).is_complaint)
        self.assertTrue(self._plain_ticket(is_complaint=True).is_complaint)
