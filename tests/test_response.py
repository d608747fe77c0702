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
        ):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
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

    def test_send_mails_the_letter_and_keeps_it(self):
        self.complaint.with_user(self.user_manager).action_complaint_sign_response()
        with self.mock_mail_gateway():
            self.complaint.with_user(self.user_agent).action_complaint_send_response()
        self.assertTrue(self.complaint.complaint_response_sent_date)
        letter = self.complaint._get_complaint_response_letter()
        self.assertEqual(letter.mimetype, "application/pdf")
        self.assertTrue(letter.raw.startswith(b"%PDF"))
        mail = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.complaint.complaint_ref, mail.subject)
        self.assertEqual(mail.attachment_ids.raw, letter.raw)
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
