"""What the customer reads in the response letter: only text written for
them (the summary of their complaint, the findings and the decision), never
the agent's description or the internal assessment note; one signature; the
assessment in a sentence; amounts with their currency. The manager previews
the exact letter before signing, and the preview is never kept as the sent
letter. The letter's text is read back from the stored PDF with pdftotext."""

import base64
from datetime import date

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.misc import format_date, formatLang

from .common import ComplaintCase
from .test_reports import pdf_text

INTERNAL_DESCRIPTION = "Customer phoned at lunch, she sounded furious"
INTERNAL_NOTE = "Clerk Bob skipped the morning date check again"
# the ticket's subject, typed by an agent for the desk
INTERNAL_SUBJECT = "Rude caller again, flag for legal"
SUMMARY = "You told us that three packs of yoghurt were past their date."
FINDINGS = "Our shop found packs past their date on the shelf that morning."


@tagged("post_install", "-at_install")
class TestResponseLetter(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.partner_id.function = "Head of Customer Care"
        # an e-mail signature that repeats the name, as Odoo's demo users have
        cls.user_manager.signature = "<p>--<br/>Mark Manager</p>"

    def _assessed(self, assessment="justified", **values):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._registered_complaint(
                name=INTERNAL_SUBJECT,
                description=f"<p>{INTERNAL_DESCRIPTION}.</p>",
                complaint_customer_summary=SUMMARY,
                complaint_customer_findings=FINDINGS,
                **values,
            )
        complaint.write(
            {
                "complaint_assessment": assessment,
                "complaint_assessment_note": INTERNAL_NOTE,
            }
        )
        return complaint

    def _sent_letter_text(self, complaint):
        self._send_response(complaint, "<p>We refund the full price.</p>")
        letter = complaint._get_complaint_response_letter()
        self.assertTrue(letter, "the sent letter is kept on the complaint")
        return pdf_text(base64.b64decode(letter.datas))

    def _preview_html(self, complaint):
        action = complaint.action_complaint_preview_response()
        self.assertEqual(action["type"], "ir.actions.report")
        report = self.env["ir.actions.report"]._get_report(action["report_name"])
        html, _type = report._render_qweb_html(report, complaint.ids)
        return " ".join(html_text(html).split())

    # ------------------------------------------------------------
    # Internal text stays internal (issue 21, item 1)
    # ------------------------------------------------------------

    def test_letter_prints_only_text_for_the_customer(self):
        complaint = self._assessed()
        text = self._sent_letter_text(complaint)
        self.assertIn(SUMMARY, text)
        self.assertIn(FINDINGS, text)
        self.assertIn("We refund the full price.", text)
        self.assertNotIn(INTERNAL_DESCRIPTION, text)
        self.assertNotIn(INTERNAL_NOTE, text)
        # the opening names the complaint by its number and date, not by the
        # subject the desk typed
        self.assertNotIn(INTERNAL_SUBJECT, text)
        registered = format_date(self.env, date(2026, 3, 2))
        self.assertIn(
            "Thank you for taking the time to tell us about your complaint of "
            f"{registered}, registered under number {complaint.complaint_ref}.",
            text,
        )

    def test_signing_needs_the_customer_text(self):
        complaint = self._assessed()
        complaint.complaint_response = "<p>We refund the full price.</p>"
        manager_complaint = complaint.with_user(self.user_manager)
        for field, label in (
            ("complaint_customer_summary", "What you told us"),
            ("complaint_customer_findings", "What we found"),
        ):
            saved = complaint[field]
            complaint[field] = "   \n "
            with self.assertRaisesRegex(UserError, label):
                manager_complaint.action_complaint_sign_response()
            self.assertFalse(complaint.complaint_response_signed_by_id)
            complaint[field] = saved
        manager_complaint.action_complaint_sign_response()
        self.assertEqual(complaint.complaint_response_signed_by_id, self.user_manager)

    def test_editing_the_customer_text_clears_the_signature(self):
        complaint = self._assessed()
        complaint.complaint_response = "<p>We refund the full price.</p>"
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        complaint.complaint_customer_findings = FINDINGS  # same text: kept
        self.assertEqual(complaint.complaint_state, "response_signed")
        complaint.complaint_customer_findings = "Something else we found."
        self.assertFalse(complaint.complaint_response_signed_by_id)
        self.assertEqual(complaint.complaint_state, "assessed")

    def test_customer_text_stays_as_sent(self):
        complaint = self._assessed()
        self._send_response(complaint)
        for field in ("complaint_customer_summary", "complaint_customer_findings"):
            with self.assertRaisesRegex(UserError, "stays as the customer received"):
                complaint.write({field: "A new text."})

    def test_preview_shows_the_letter_and_keeps_nothing(self):
        complaint = self._assessed()
        complaint.complaint_response = "<p>We refund the full price.</p>"
        Attachment = self.env["ir.attachment"]
        letters = [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", complaint.id)]
        text = self._preview_html(complaint)
        self.assertIn(SUMMARY, text)
        self.assertIn(FINDINGS, text)
        self.assertIn("We refund the full price.", text)
        self.assertNotIn(INTERNAL_NOTE, text)
        self.assertIn("Draft: not signed yet.", text)
        # sent and queued, the letter not made yet: a preview, even as a PDF,
        # is not stored as the sent letter
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        complaint.action_complaint_send_response()
        action = complaint.action_complaint_preview_response()
        preview = self.env["ir.actions.report"]._get_report(action["report_name"])
        pdf, _type = preview.with_context(force_report_rendering=True)._render_qweb_pdf(
            preview, complaint.ids
        )
        self.assertIn(SUMMARY, pdf_text(pdf))
        self.assertFalse(Attachment.search(letters))
        self.assertFalse(complaint._get_complaint_response_letter())
        # the queue then makes and keeps the one letter that is sent
        self.env["helpdesk.ticket"]._cron_complaint_send_letters()
        self.assertEqual(len(Attachment.search(letters)), 1)
        self.assertEqual(
            Attachment.search(letters), complaint._get_complaint_response_letter()
        )

    def test_preview_opens_without_the_layout_wizard(self):
        complaint = self._assessed()
        self.env.company.external_report_layout_id = False
        action = complaint.with_user(
            self.user_manager
        ).action_complaint_preview_response()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "qweb-html")

    # ------------------------------------------------------------
    # Signature, assessment, amounts (issue 21, item 14)
    # ------------------------------------------------------------

    def test_letter_signs_once(self):
        text = self._sent_letter_text(self._assessed())
        self.assertEqual(text.count("Mark Manager"), 1, text)
        self.assertIn("Yours sincerely, Mark Manager Head of Customer Care", text)
        self.assertIn(self.company.name, text.split("Yours sincerely,")[1])
        self.assertNotIn("-- Mark", text)

    def test_assessment_reads_as_a_sentence(self):
        for assessment, sentence in (
            ("justified", "We consider your complaint justified."),
            ("partially_justified", "We consider your complaint partly justified."),
            ("unjustified", "We consider your complaint unjustified."),
        ):
            with self.subTest(assessment=assessment):
                text = self._sent_letter_text(self._assessed(assessment))
                self.assertIn(sentence, text)
                self.assertNotIn("complaint Justified", text)

    def test_amounts_carry_their_currency(self):
        complaint = self._assessed()
        self.env["complaint.approval.limit"].create(
            {"user_id": self.env.uid, "amount": 1000}
        )
        eur = self.env.ref("base.EUR")
        eur.active = True
        refund = self.env["complaint.compensation"].create(
            {
                "ticket_id": complaint.id,
                "compensation_type": "refund",
                "amount": 42.5,
                "currency_id": eur.id,
                "description": "The full price of the three packs.",
            }
        )
        refund.action_submit()
        text = self._sent_letter_text(complaint)
        amount = " ".join(formatLang(self.env, 42.5, currency_obj=eur).split())
        self.assertIn("€", amount)
        self.assertIn(amount, text)
        self.assertIn("The full price of the three packs.", text)

    # ------------------------------------------------------------
    # The company's document layout (issue 21, item 13)
    # ------------------------------------------------------------

    def test_main_company_has_a_layout(self):
        company = self.env.ref("base.main_company")
        self.assertTrue(company.external_report_layout_id)
        report = self.env.ref("complaint_management.action_report_complaint_response")
        self.env.company.external_report_layout_id = company.external_report_layout_id
        action = report.report_action(self._assessed())
        self.assertEqual(action["type"], "ir.actions.report", "no layout wizard")

    def test_layout_set_only_where_none_was_chosen(self):
        boxed = self.env.ref("web.external_layout_boxed")
        chosen = self.env["res.company"].create(
            {"name": "Chose boxed", "external_report_layout_id": boxed.id}
        )
        unset = self.env["res.company"].create({"name": "Chose nothing"})
        unset.external_report_layout_id = False
        self.env["res.company"]._complaint_set_default_report_layout()
        self.assertEqual(chosen.external_report_layout_id, boxed)
        self.assertEqual(
            unset.external_report_layout_id,
            self.env.ref("web.external_layout_standard"),
        )


def html_text(html):
    """The visible text of a rendered HTML report."""
    tree = lxml_html.fromstring(html)
    for node in tree.xpath("//script|//style|//head"):
        node.drop_tree()
    return tree.text_content()
