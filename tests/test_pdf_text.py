"""Every PDF the addon produces carries its text, whatever the wkhtmltopdf
build: served over HTTP, wkhtmltopdf loads the report stylesheets, the
layout's web font included, and Debian's build (unpatched Qt) draws a web font
as outlines. The text is read back with pdftotext, as a screen reader or an
archive search would read it."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import ComplaintCase
from .test_reports import pdf_text, poppler


@tagged("post_install", "-at_install")
class TestPdfText(ComplaintCase, HttpCase):
    def _render(self, xmlid, records):
        report = self.env.ref(xmlid).with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf(report.report_name, records.ids)
        return pdf

    def _assert_text_fonts(self, pdf):
        """The text is set in fonts the PDF embeds: the company's font (Lato),
        installed as a system font (fonts-lato, see scripts/common.sh). That
        also proves the stylesheets were loaded: without them wkhtmltopdf
        falls back to DejaVu Serif, and the test would prove nothing."""
        fonts = poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(fonts, "no font in the PDF: its text is drawn outlines")
        for line in fonts:
            self.assertTrue(line.startswith("Lato-"), line)
            self.assertIn(" yes ", line)  # embedded

    def test_sent_letter_carries_its_text(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._registered_complaint()
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Three packs were past their date.",
                "complaint_customer_findings": "We found three packs past their "
                "date on the shelf.",
            }
        )
        self._send_response(
            complaint, "<p>We refund the full price of the three packs.</p>"
        )
        letter = complaint._get_complaint_response_letter()
        self.assertTrue(letter, "the sent letter is kept on the complaint")
        pdf = base64.b64decode(letter.datas)
        self._assert_text_fonts(pdf)
        text = pdf_text(pdf)
        self.assertIn(complaint.complaint_ref, text)
        self.assertIn("We refund the full price of the three packs.", text)
        self.assertIn("We found three packs past their date on the shelf.", text)
        # the assessment note is internal
        self.assertNotIn("Three packs were past their date.", text)
        # one page of text, not of drawn glyphs (those weighed 270-680 KB)
        self.assertLess(len(pdf), 100_000)

    def test_sent_letter_in_russian_carries_its_text(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["ru_RU"], overwrite=True
        )
        customer = self.env["res.partner"].create(
            {"name": "Иван Петров", "email": "ivan@example.com", "lang": "ru_RU"}
        )
        complaint = self._registered_complaint(
            partner_id=customer.id,
            complaint_customer_summary="Вы сообщили нам, что йогурт был просрочен.",
            complaint_customer_findings="Срок годности истёк.",
        )
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Проверили полку.",
            }
        )
        self._send_response(complaint, "<p>Мы вернём Вам полную стоимость.</p>")
        pdf = base64.b64decode(complaint._get_complaint_response_letter().datas)
        # Lato as installed covers Cyrillic: no glyph falls back to another font
        self._assert_text_fonts(pdf)
        text = pdf_text(pdf)
        self.assertIn("Ответ на Вашу жалобу", text)
        self.assertIn("о своей жалобе от", text)
        self.assertIn(f"зарегистрированной под номером {complaint.complaint_ref}", text)
        self.assertIn(complaint.complaint_ref, text)
        self.assertIn("Иван Петров", text)
        self.assertIn("Мы вернём Вам полную стоимость.", text)
        self.assertIn("Вы сообщили нам, что йогурт был просрочен.", text)
        self.assertIn("Срок годности истёк.", text)
        self.assertNotIn("Проверили полку.", text)

    def _wizard(self):
        return self.env["complaint.report.wizard"].create(
            {
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "company_id": self.company.id,
            }
        )

    def test_journal_carries_its_text(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._registered_complaint()
        pdf = self._render(
            "complaint_management.action_report_complaint_journal", self._wizard()
        )
        self._assert_text_fonts(pdf)
        text = pdf_text(pdf)
        self.assertIn(complaint.complaint_ref, text)
        self.assertIn("Complaints registered 1", text)

    def test_summary_carries_its_text(self):
        with freeze_time("2026-03-02 09:00:00"):
            self._registered_complaint()
            self._registered_complaint()
        pdf = self._render(
            "complaint_management.action_report_complaint_summary", self._wizard()
        )
        self._assert_text_fonts(pdf)
        text = pdf_text(pdf)
        self.assertIn("Complaint Management Summary", text)
        self.assertIn("Complaints registered 2", text)
