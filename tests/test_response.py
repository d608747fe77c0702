from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestWrittenResponse(ComplaintCase):
    def setUp(self):
        super().setUp()
        self.complaint = self._registered_complaint()
        self.complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Three packs were past their date.",
                "complaint_response": "<p>You were right; we refund you in full.</p>",
            }
        )

    def test_only_a_manager_signs(self):
        with self.assertRaisesRegex(UserError, "Only a complaint manager"):
            self.complaint.with_user(self.user_agent).action_complaint_sign_response()
        self.complaint.with_user(self.user_manager).action_complaint_sign_response()
        self.assertEqual(
            self.complaint.complaint_response_signed_by_id, self.user_manager
        )
        self.assertTrue(self.complaint.complaint_response_signed_date)

    def test_nothing_to_sign(self):
        self.complaint.complaint_response = "<p><br></p>"
        with self.assertRaisesRegex(UserError, "Write the response"):
            self.complaint.with_user(self.user_manager).action_complaint_sign_response()

    def test_signature_cannot_be_forged(self):
        for vals in (
            {"complaint_response_signed_by_id": self.user_manager.id},
            {"complaint_response_sent_date": "2026-01-01 00:00:00"},
            {"complaint_response_letter_queued_date": False},
            {"complaint_response_sent_by_id": self.user_agent.id},
        ):
            with self.assertRaisesRegex(UserError, "never written directly"):
                self.complaint.with_user(self.user_agent).write(vals)

    def test_editing_after_signature_clears_it(self):
        self.complaint.with_user(self.user_manager).action_complaint_sign_response()
        self.complaint.with_user(self.user_agent).write(
            {"complaint_response": "<p>You were right; here is a voucher.</p>"}
        )
        self.assertFalse(self.complaint.complaint_response_signed_by_id)
        self.assertFalse(self.complaint.complaint_response_signed_date)
        with self.assertRaisesRegex(UserError, "must sign the response"):
            self.complaint.action_complaint_send_response()

    def test_same_text_keeps_signature(self):
        self.complaint.with_user(self.user_manager).action_complaint_sign_response()
        self.complaint.write({"complaint_response": self.complaint.complaint_response})
        self.assertEqual(
            self.complaint.complaint_response_signed_by_id, self.user_manager
        )

    def test_sending_refused_while_unsigned(self):
        with self.assertRaisesRegex(UserError, "must sign the response"):
            self.complaint.with_user(self.user_agent).action_complaint_send_response()
        self.assertFalse(self.complaint.complaint_response_sent_date)

    def _send_letters(self):
        self.env["helpdesk.ticket"]._cron_complaint_send_letters()

    def test_send_queues_the_letter_then_mails_it_and_keeps_it(self):
        self.complaint.with_user(self.user_manager).action_complaint_sign_response()
        cron = self.env.ref("complaint_management.ir_cron_complaint_send_letters")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        with self.mock_mail_gateway():
            self.complaint.with_user(self.user_agent).action_complaint_send_response()
        # the agent's request releases the response; the letter is queued
        self.assertTrue(self.complaint.complaint_response_sent_date)
        self.assertEqual(self.complaint.complaint_response_sent_by_id, self.user_agent)
        self.assertTrue(self.complaint.complaint_response_letter_queued_date)
        self.assertFalse(self.complaint._get_complaint_response_letter())
        self.assertFalse(self._new_mails)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            len(triggers),
        )
        with self.mock_mail_gateway():
            self._send_letters()
        self.assertFalse(self.complaint.complaint_response_letter_queued_date)
        letter = self.complaint._get_complaint_response_letter()
        self.assertEqual(letter.mimetype, "application/pdf")
        self.assertTrue(letter.raw.startswith(b"%PDF"))
        mail = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.complaint.complaint_ref, mail.subject)
        self.assertEqual(mail.attachment_ids.raw, letter.raw)
        # sent in the name of the agent who released it, not the scheduler's
        self.assertEqual(mail.mail_message_id.author_id, self.user_agent.partner_id)
        # a second run has nothing left to send
        with self.mock_mail_gateway():
            self._send_letters()
        self.assertFalse(self._new_mails)
        # the journal keeps exactly what was sent: a reprint returns the same file
        report = self.env.ref("complaint_management.action_report_complaint_response")
        self.complaint.complaint_assessment_note = "Changed after sending."
        reprint, _type = report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(report.report_name, self.complaint.ids)
        self.assertEqual(reprint, letter.raw)
        with self.assertRaisesRegex(UserError, "stays as the customer received it"):
            self.complaint.complaint_response = "<p>Something else.</p>"
        with self.assertRaisesRegex(UserError, "already sent"):
            self.complaint.action_complaint_send_response()

    def test_a_failing_letter_does_not_hold_up_the_others(self):
        other = self._registered_complaint()
        other.write(
            {
                "complaint_assessment": "unjustified",
                "complaint_assessment_note": "The date shown was the earliest slot.",
            }
        )
        self.complaint.with_user(self.user_manager).action_complaint_sign_response()
        self.complaint.action_complaint_send_response()
        self.complaint._with_workflow_unlocked().write(
            {"complaint_response_letter_queued_date": "2026-01-01 00:00:00"}
        )
        other.complaint_response = "<p>The slot was the earliest one.</p>"
        other.with_user(self.user_manager).action_complaint_sign_response()
        other.action_complaint_send_response()
        Ticket = type(self.env["helpdesk.ticket"])
        send = Ticket._send_complaint_response_letter

        def fail_for_the_first(ticket):
            if ticket == self.complaint:
                raise UserError("wkhtmltopdf failed")
            return send(ticket)

        with patch.object(
            Ticket, "_send_complaint_response_letter", fail_for_the_first
        ):
            with self.assertLogs(
                "odoo.addons.complaint_management.models.helpdesk_ticket", "ERROR"
            ):
                self._send_letters()
        self.assertFalse(other.complaint_response_letter_queued_date)
        self.assertTrue(other._get_complaint_response_letter())
        # the failed one is still queued, now behind any newer letter
        self.assertGreater(
            self.complaint.complaint_response_letter_queued_date,
            fields.Datetime.to_datetime("2026-01-01 00:00:00"),
        )
        self._send_letters()
        self.assertFalse(self.complaint.complaint_response_letter_queued_date)
        self.assertTrue(self.complaint._get_complaint_response_letter())

    def test_close_without_response_refused(self):
        with self.assertRaisesRegex(ValidationError, "signed written response"):
            with self.cr.savepoint():
                self.complaint.write({"stage_id": self.stage_done.id})
                self.env.flush_all()
        self.complaint.invalidate_recordset()
        self._send_response(self.complaint)
        self.complaint.stage_id = self.stage_done
        self.assertTrue(self.complaint.closed)

    def test_unjustified_complaint_needs_a_response_too(self):
        self.complaint.write(
            {
                "complaint_assessment": "unjustified",
                "complaint_assessment_note": "The date shown was the earliest slot.",
            }
        )
        with self.assertRaisesRegex(ValidationError, "signed written response"):
            self.complaint.write({"stage_id": self.stage_done.id})
