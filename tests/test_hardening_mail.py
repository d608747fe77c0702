"""Hostile and broken mail at a complaints desk's alias."""

import base64
import logging
from email import message_from_string
from email.header import Header
from email.policy import SMTP
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.helpdesk_mgmt.models.helpdesk_ticket import (
    HelpdeskTicket as HelpdeskTicketBase,
)

from .common import ComplaintCase


def raw_mail(to, sender, subject, body="Hello", headers="", content_type=None):
    content_type = content_type or 'text/plain; charset="utf-8"'
    head = (
        f"From: {sender}\n"
        f"To: {to}\n"
        f"Subject: {subject}\n"
        f"Message-ID: <{abs(hash((sender, subject, body, headers)))}@example.com>\n"
        "Date: Mon, 02 Mar 2026 09:00:00 +0000\n"
        "MIME-Version: 1.0\n"
        f"Content-Type: {content_type}\n"
    )
    if headers:
        head += headers.rstrip("\n") + "\n"
    return head + "\n" + body + "\n"


@tagged("post_install", "-at_install")
class TestMailIntakeHardening(ComplaintCase):
    def setUp(self):
        super().setUp()
        self.alias = self.team.alias_id.alias_full_name
        self.Ticket = self.env["helpdesk.ticket"]

    def _process(self, raw):
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(None, raw)

    def _complaints_from(self, email):
        return self.Ticket.search(
            [("partner_id.email", "=", email), ("team_id", "=", self.team.id)]
        )

    @mute_logger("odoo.addons.complaint_management.models.helpdesk_ticket")
    def test_automatic_mail_never_becomes_a_complaint(self):
        cases = {
            "auto-submitted": "Auto-Submitted: auto-replied",
            "precedence-bulk": "Precedence: bulk",
            "precedence-list": "Precedence: list",
            "x-autoreply": "X-Autoreply: yes",
            "x-autorespond": "X-Autorespond: Out of office",
            "suppress": "X-Auto-Response-Suppress: All",
        }
        for name, header in cases.items():
            sender = f"{name}@example.com"
            self._process(raw_mail(self.alias, sender, f"Re: {name}", headers=header))
            self.assertFalse(self._complaints_from(sender), name)
            self.assertFalse(self._new_mails, f"{name}: nothing may be sent back")

    @mute_logger("odoo.addons.complaint_management.models.helpdesk_ticket")
    def test_robots_and_out_of_office_never_become_complaints(self):
        for sender, subject in (
            ("MAILER-DAEMON@mail.example.com", "Undelivered Mail Returned to Sender"),
            ("postmaster@example.com", "Delivery Status Notification"),
            ("holiday@example.com", "Out of Office: back on Monday"),
            ("otpusk@example.com", "Автоматический ответ: в отпуске"),
        ):
            self._process(raw_mail(self.alias, sender, subject))
            self.assertFalse(
                self.Ticket.search([("name", "=", subject)]), f"{sender} {subject}"
            )
            self.assertFalse(self._new_mails)

    @mute_logger("odoo.addons.complaint_management.models.helpdesk_ticket")
    def test_delivery_report_never_becomes_a_complaint(self):
        body = (
            "--BOUNDARY\n"
            "Content-Type: text/plain\n\n"
            "Delivery to the following recipient failed.\n"
            "--BOUNDARY\n"
            "Content-Type: message/delivery-status\n\n"
            "Reporting-MTA: dns; mail.example.com\n\n"
            "Final-Recipient: rfc822; nobody@example.com\n"
            "Action: failed\n"
            "Status: 5.1.1\n"
            "--BOUNDARY--"
        )
        self._process(
            raw_mail(
                self.alias,
                "dsn@example.com",
                "Delivery report",
                body=body,
                content_type=(
                    "multipart/report; report-type=delivery-status; "
                    'boundary="BOUNDARY"'
                ),
            )
        )
        self.assertFalse(self.Ticket.search([("name", "=", "Delivery report")]))

    def test_automatic_reply_to_a_complaint_is_kept_as_a_note(self):
        self._process(raw_mail(self.alias, "Nina <nina@example.com>", "Broken kettle"))
        complaint = self._complaints_from("nina@example.com")
        self.assertEqual(len(complaint), 1)
        acknowledgement = complaint.message_ids.filtered(
            lambda m: complaint.complaint_ref in (m.subject or "")
        )
        reply = raw_mail(
            self.alias,
            "Nina <nina@example.com>",
            "Automatic reply: Broken kettle",
            body="I am away until Monday.",
            headers=(
                "Auto-Submitted: auto-replied\n"
                f"In-Reply-To: {acknowledgement.message_id}\n"
                f"References: {acknowledgement.message_id}"
            ),
        )
        self._process(reply)
        self.assertEqual(self._complaints_from("nina@example.com"), complaint)
        note = complaint.message_ids.filtered(
            lambda m: "away until Monday" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(self._new_mails, "no one is notified of an automatic reply")

    def test_flood_joins_the_latest_open_complaint(self):
        self.company.complaint_flood_limit = 2
        self.company.complaint_flood_minutes = 60
        sender = "Fred Flood <fred@example.com>"
        for subject in ("First", "Second"):
            self._process(raw_mail(self.alias, sender, subject))
        complaints = self._complaints_from("fred@example.com")
        self.assertEqual(len(complaints), 2)
        acknowledgements = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "in", complaints.ids),
                (
                    "subtype_id",
                    "=",
                    self.env.ref("complaint_management.mt_complaint_acknowledged").id,
                ),
            ]
        )
        self.assertEqual(len(acknowledgements), 2)
        self._process(raw_mail(self.alias, sender, "Third", body="And another thing"))
        self.assertEqual(self._complaints_from("fred@example.com"), complaints)
        latest = complaints.sorted("id")[-1]
        self.assertTrue(
            latest.message_ids.filtered(lambda m: "And another thing" in str(m.body))
        )
        self.assertEqual(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "in", complaints.ids),
                    (
                        "subtype_id",
                        "=",
                        self.env.ref(
                            "complaint_management.mt_complaint_acknowledged"
                        ).id,
                    ),
                ]
            ),
            2,
            "no further acknowledgement",
        )

    def test_cyrillic_charsets_are_decoded(self):
        text = "Просроченный йогурт на полке"
        for charset in ("windows-1251", "koi8-r"):
            body = base64.b64encode(text.encode(charset)).decode()
            subject = Header(f"Жалоба {charset}", "utf-8").encode()
            self._process(
                raw_mail(
                    self.alias,
                    f"ivan.{charset}@example.com",
                    subject,
                    body=body,
                    content_type=f'text/plain; charset="{charset}"',
                    headers="Content-Transfer-Encoding: base64",
                )
            )
            complaint = self._complaints_from(f"ivan.{charset}@example.com")
            self.assertEqual(complaint.name, f"Жалоба {charset}")
            self.assertIn(text, complaint.description)
            self.assertTrue(complaint.complaint_ref)

    def test_unknown_charset_does_not_crash(self):
        self._process(
            raw_mail(
                self.alias,
                "odd@example.com",
                "Odd charset",
                body="Plain words",
                content_type='text/plain; charset="x-unknown-9"',
            )
        )
        complaint = self._complaints_from("odd@example.com")
        self.assertEqual(len(complaint), 1)
        self.assertIn("Plain words", complaint.description)

    def test_huge_subject_is_cut_and_kept(self):
        subject = "Terrible service " * 300  # about 5,000 characters
        self._process(raw_mail(self.alias, "long@example.com", subject.strip()))
        complaint = self._complaints_from("long@example.com")
        self.assertEqual(len(complaint), 1)
        self.assertLessEqual(len(complaint.name), 200)
        self.assertTrue(complaint.name.endswith("…"))
        self.assertIn(subject.strip(), complaint.description)

    def test_html_is_sanitised(self):
        body = (
            "<html><body><p>Broken lid</p>"
            "<script>alert('x')</script>"
            '<img src="https://tracker.example.com/pixel.gif" onerror="steal()">'
            "</body></html>"
        )
        self._process(
            raw_mail(
                self.alias,
                "html@example.com",
                "HTML mail",
                body=body,
                content_type='text/html; charset="utf-8"',
            )
        )
        complaint = self._complaints_from("html@example.com")
        self.assertIn("Broken lid", complaint.description)
        self.assertNotIn("<script", complaint.description)
        self.assertNotIn("onerror", complaint.description)

    def test_nested_multipart_and_big_attachment(self):
        big = base64.b64encode(b"x" * (20 * 1024 * 1024)).decode()
        body = (
            "--OUTER\n"
            'Content-Type: multipart/alternative; boundary="INNER"\n\n'
            "--INNER\n"
            'Content-Type: multipart/related; boundary="DEEP"\n\n'
            "--DEEP\n"
            "Content-Type: text/plain\n\n"
            "The photos are attached.\n"
            "--DEEP--\n"
            "--INNER--\n"
            "--OUTER\n"
            "Content-Type: application/octet-stream; name=photos.bin\n"
            "Content-Transfer-Encoding: base64\n"
            'Content-Disposition: attachment; filename="photos.bin"\n\n'
            f"{big}\n"
            "--OUTER--"
        )
        self._process(
            raw_mail(
                self.alias,
                "photos@example.com",
                "Photos of the damage",
                body=body,
                content_type='multipart/mixed; boundary="OUTER"',
            )
        )
        complaint = self._complaints_from("photos@example.com")
        self.assertEqual(len(complaint), 1)
        self.assertIn("The photos are attached.", complaint.description)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", complaint.id),
                ("name", "=", "photos.bin"),
            ]
        )
        self.assertEqual(attachment.file_size, 20 * 1024 * 1024)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_failing_message_is_not_swallowed(self):
        """The gateway must see the failure: fetchmail then leaves the message
        on the server for the next fetch; nothing half-made is kept."""

        def broken_create(self, vals_list):
            raise RuntimeError("database hiccup")

        bounced = []

        def record_bounce(alias, message, message_dict, set_invalid=True):
            # Odoo answers the sender from a cursor of its own; record it here
            bounced.append(message_dict["message_id"])

        raw = raw_mail(self.alias, "unlucky@example.com", "Lost?")
        Alias = type(self.env["mail.alias"])
        with (
            patch.object(HelpdeskTicketBase, "create", broken_create),
            patch.object(Alias, "_alias_bounce_incoming_email", record_bounce),
            self.assertRaisesRegex(RuntimeError, "database hiccup"),
            self.cr.savepoint(),
        ):
            self.env["mail.thread"].sudo().message_process(None, raw)
        self.assertEqual(len(bounced), 1)
        self.assertFalse(self._complaints_from("unlucky@example.com"))

    # a delivery report whose parts do not use the boundary it declares: Python's
    # parser leaves the report as bare text, where Odoo's bounce parser expects
    # the enclosed parts
    BROKEN_REPORT = (
        "--NOT-THE-DECLARED-ONE\n"
        "Content-Type: text/plain\n\n"
        "Your message could not be delivered.\n"
        "--NOT-THE-DECLARED-ONE\n"
        "Content-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mail.example.com\n\n"
        "Final-Recipient: rfc822; nobody@example.com\n"
        "Action: failed\n"
        "Status: 5.1.1\n"
        "--NOT-THE-DECLARED-ONE--"
    )
    BROKEN_REPORT_TYPE = (
        'multipart/report; report-type=delivery-status; boundary="DECLARED"'
    )

    def _broken_reports(self, to, headers=""):
        """The broken report on its own, and inside a well-formed mail."""
        yield raw_mail(
            to,
            "dsn@example.com",
            "Delivery report",
            body=self.BROKEN_REPORT,
            headers=headers,
            content_type=self.BROKEN_REPORT_TYPE,
        )
        wrapped = (
            "--OUTER\n"
            "Content-Type: text/plain\n\n"
            "Your message could not be delivered.\n"
            "--OUTER\n"
            f"Content-Type: {self.BROKEN_REPORT_TYPE}\n\n"
            f"{self.BROKEN_REPORT}\n"
            "--OUTER--"
        )
        yield raw_mail(
            to,
            "MAILER-DAEMON@mail.example.com",
            "Undelivered Mail Returned to Sender",
            body=wrapped,
            headers=headers,
            content_type='multipart/mixed; boundary="OUTER"',
        )

    def test_broken_delivery_report_never_becomes_a_complaint(self):
        for raw in self._broken_reports(self.alias):
            with self.assertLogs(
                "odoo.addons.complaint_management.models.mail_thread", logging.INFO
            ) as logs:
                self._process(raw)
            self.assertIn("broken MIME structure", logs.output[0])
            self.assertFalse(
                self.Ticket.search(
                    [
                        "|",
                        ("name", "=", "Delivery report"),
                        ("name", "=", "Undelivered Mail Returned to Sender"),
                    ]
                )
            )
            self.assertFalse(self._new_mails, "nothing may be sent back")

    def test_broken_delivery_report_to_a_complaint_is_kept_as_a_note(self):
        self._process(raw_mail(self.alias, "Nina <nina@example.com>", "Broken kettle"))
        complaint = self._complaints_from("nina@example.com")
        acknowledgement = complaint.message_ids.filtered(
            lambda m: complaint.complaint_ref in (m.subject or "")
        )
        self.assertEqual(len(acknowledgement), 1)
        headers = (
            f"In-Reply-To: {acknowledgement.message_id}\n"
            f"References: {acknowledgement.message_id}"
        )
        for raw in self._broken_reports(self.alias, headers=headers):
            before = complaint.message_ids
            self._process(raw)
            self.assertEqual(self._complaints_from("nina@example.com"), complaint)
            note = complaint.message_ids - before
            self.assertEqual(len(note), 1)
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
            self.assertIn("could not be delivered", str(note.body))
            self.assertFalse(self._new_mails, "no one is notified of a report")

    @mute_logger("odoo.addons.complaint_management.models.mail_thread")
    def test_broken_delivery_report_elsewhere_is_dropped_as_a_bounce(self):
        """Outside the complaints, a broken report is what Odoo makes of every
        delivery report, a bounce routed nowhere, only without its details;
        a well-formed one keeps Odoo's reading."""
        support = self.env["helpdesk.ticket.team"].create(
            {"name": "Test support desk", "alias_name": "test-support"}
        )
        for raw in self._broken_reports(support.alias_id.alias_full_name):
            self._process(raw)
        self.assertFalse(self.Ticket.search([("team_id", "=", support.id)]))
        well_formed = self.BROKEN_REPORT.replace("NOT-THE-DECLARED-ONE", "DECLARED")
        message = message_from_string(
            raw_mail(
                support.alias_id.alias_full_name,
                "dsn@example.com",
                "Delivery report",
                body=well_formed,
                content_type=self.BROKEN_REPORT_TYPE,
            ),
            policy=SMTP,
        )
        parsed = self.env["mail.thread"].sudo().message_parse(message)
        self.assertTrue(parsed["is_bounce"])
        self.assertEqual(parsed["bounced_email"], "nobody@example.com")
