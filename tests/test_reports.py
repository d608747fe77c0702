import subprocess
import tempfile
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import ComplaintCase, queries_of


def poppler(tool, pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(
            [tool, handle.name, "-"] if tool == "pdftotext" else [tool, handle.name],
            check=True,
            capture_output=True,
        )
    return result.stdout.decode()


def pdf_text(pdf):
    return " ".join(poppler("pdftotext", pdf).split())


@tagged("post_install", "-at_install")
class TestComplaintReports(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_recourse_text = (
            "<p>You may also turn to the Consumer Ombudsman, 1 Fair Street.</p>"
        )
        cls.user_manager.partner_id.function = "Head of Customer Care"

    def _render(self, xmlid, records):
        report = self.env.ref(xmlid).with_context(force_report_rendering=True)
        pdf, report_type = report._render_qweb_pdf(report.report_name, records.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def _answered(self, customer=None, **values):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._registered_complaint(
                partner_id=(customer or self.customer).id, **values
            )
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Three packs were past their date.",
                "complaint_apology_given": True,
                "complaint_response": "<p>We refund the full price.</p>",
            }
        )
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        return complaint

    def test_response_letter(self):
        complaint = self._answered()
        text = self._render(
            "complaint_management.action_report_complaint_response", complaint
        )
        for expected in (
            "Response to your complaint",
            complaint.complaint_ref,
            "Carla Customer",
            # the texts written for the customer, not the internal note
            "You told us that the yoghurt you bought was two weeks past its date.",
            "We found packs past their date on the shelf.",
            "We consider your complaint justified.",
            "We refund the full price.",
            "apologies",
            "Consumer Ombudsman",
            "Mark Manager",
            "Head of Customer Care",
        ):
            self.assertIn(expected, text)
        # the desk's subject is the agent's wording, not written for the
        # customer: the letter names the complaint by its number
        self.assertNotIn("Expired yoghurt", text)
        self.assertNotIn("Three packs were past their date.", text)
        self.assertNotIn("Two weeks past its date.", text)

    def test_response_letter_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["ru_RU"], overwrite=True
        )
        customer = self.env["res.partner"].create(
            {"name": "Иван Петров", "email": "ivan@example.com", "lang": "ru_RU"}
        )
        complaint = self._answered(customer)
        text = self._render(
            "complaint_management.action_report_complaint_response", complaint
        )
        self.assertIn("Ответ на Вашу жалобу", text)
        self.assertIn(complaint.complaint_ref, text)
        self.assertIn("Иван Петров", text)
        self.assertNotIn("Response to your complaint", text)
        self.assertNotIn("What we found", text)

    def test_response_letter_in_bulgarian(self):
        self.env["res.lang"]._activate_lang("bg_BG")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["bg_BG"], overwrite=True
        )
        customer = self.env["res.partner"].create(
            {"name": "Елена Димитрова", "email": "elena@example.com", "lang": "bg_BG"}
        )
        complaint = self._answered(customer)
        text = self._render(
            "complaint_management.action_report_complaint_response", complaint
        )
        self.assertIn("Отговор на Вашата жалба", text)
        self.assertIn("Елена Димитрова", text)
        self.assertNotIn("Response to your complaint", text)
        self.assertNotIn("What we found", text)

    def _wizard(self, **values):
        vals = {
            "date_from": date(2026, 3, 1),
            "date_to": date(2026, 3, 31),
            "company_id": self.company.id,
        }
        vals.update(values)
        return self.env["complaint.report.wizard"].create(vals)

    def test_journal(self):
        answered = self._answered()
        with freeze_time("2026-03-02 09:30:00"):
            open_one = self._registered_complaint(name="Rude cashier")
        with freeze_time("2026-04-02 09:00:00"):
            later = self._registered_complaint(name="Outside the period")
        with freeze_time("2026-03-04 10:00:00"):
            answered.action_complaint_send_response()
            self.env["helpdesk.ticket"]._cron_complaint_send_letters()
            answered.stage_id = self.stage_done
        text = self._render(
            "complaint_management.action_report_complaint_journal", self._wizard()
        )
        self.assertIn("Complaint Journal", text)
        self.assertIn(answered.complaint_ref, text)
        self.assertIn(open_one.complaint_ref, text)
        self.assertNotIn(later.complaint_ref, text)
        self.assertIn("Carla Customer", text)
        self.assertIn("Test quality", text)
        self.assertIn("Complaints registered 2", text)
        self.assertIn("Justified or partly justified 1", text)
        self.assertIn("Closed 1", text)
        self.assertIn("Answered on time 1", text)
        # a category filter leaves the others out
        other = self.env["helpdesk.ticket.category"].create(
            {"name": "Unrelated category", "complaint_kind": "staff"}
        )
        text = self._render(
            "complaint_management.action_report_complaint_journal",
            self._wizard(category_ids=[(6, 0, other.ids)]),
        )
        self.assertNotIn(answered.complaint_ref, text)
        self.assertIn("Complaints registered 0", text)

    def test_summary(self):
        answered = self._answered()
        with freeze_time("2026-03-04 09:00:00"):
            answered.action_complaint_send_response()
            self.env["helpdesk.ticket"]._cron_complaint_send_letters()
            answered.stage_id = self.stage_done
        with freeze_time("2026-03-02 09:30:00"):
            unjustified = self._registered_complaint()
        unjustified.write(
            {"complaint_assessment": "unjustified", "complaint_assessment_note": "No."}
        )
        with freeze_time("2026-03-03 09:00:00"):
            self._registered_complaint()
        unjustified._with_workflow_unlocked().write({"complaint_escalated": True})
        self.env["complaint.approval.limit"].create(
            {"user_id": self.env.uid, "amount": 1000}
        )
        # a remedy no bridge's document delivers: granted once accepted
        compensation = self.env["complaint.compensation"].create(
            {"ticket_id": answered.id, "amount": 42, "compensation_type": "gift"}
        )
        compensation.action_submit()
        compensation.action_offer()
        compensation.action_accept()
        wizard = self._wizard()
        data = wizard._get_summary_data()
        self.assertEqual(data["total"], 3)
        self.assertEqual(data["justified_share"], 50.0)
        self.assertEqual(data["escalated"], 1)
        self.assertEqual(data["compensation_cost"], 42)
        self.assertAlmostEqual(data["median_resolution_hours"], 48.0)
        self.assertIsNotNone(data["median_first_response_hours"])
        # answered in time, the two others still unanswered past their deadline
        self.assertEqual(data["deadlines_missed"], 2)
        self.assertEqual(data["ratings"], 0)
        text = self._render(
            "complaint_management.action_report_complaint_summary", wizard
        )
        self.assertIn("Complaint Management Summary", text)
        self.assertIn("Complaints registered 3", text)
        self.assertIn("50 %", text)
        self.assertIn("Escalations 1", text)
        self.assertIn("42.00", text)
        self.assertIn("Test quality complaints 3", text)
        self.assertIn("Product or service quality 3", text)

    def test_summary_reads_the_journal_in_five_scans(self):
        """At a million complaints each pass over the period's complaints
        costs seconds: the counts by kind, category, assessment and cause
        share one grouped scan, the ratings one more."""
        with freeze_time("2026-03-02 09:30:00"):
            self._registered_complaint()
        wizard = self._wizard()
        self.env.flush_all()
        data, queries = queries_of(wizard._get_summary_data)
        scans = [q for q in queries if 'FROM "helpdesk_ticket"' in str(q)]
        self.assertEqual(data["total"], 1)
        # grouped counts, deadlines and times, compensation, supplier
        # recoveries, ratings
        self.assertEqual(len(scans), 5, "\n\n".join(map(str, scans)))

    def test_summary_figures_read_the_complaints_once(self):
        """The deadlines and median times come from one pass over the
        period's complaints: joined to themselves, PostgreSQL read the table
        twice and hashed a million rows to disk."""
        with freeze_time("2026-03-02 09:30:00"):
            self._registered_complaint()
        wizard = self._wizard()
        self.env.flush_all()
        _data, queries = queries_of(wizard._get_summary_data)
        figures = [q for q in queries if "PERCENTILE_CONT" in str(q)]
        self.assertEqual(len(figures), 1)
        self.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", figures[0]))
        plan = self.cr.fetchone()[0]

        def relations(node):
            yield node.get("Relation Name")
            for child in node.get("Plans", ()):
                yield from relations(child)

        scans = [name for name in relations(plan[0]["Plan"]) if name]
        self.assertEqual(scans.count("helpdesk_ticket"), 1, scans)

    def test_summary_queries_do_not_grow_with_the_complaints(self):
        def count():
            wizard = self._wizard()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            wizard._get_summary_data()
            return self.cr.sql_log_count - before

        with freeze_time("2026-03-02 09:30:00"):
            self._registered_complaint()
        count()  # settle Odoo's caches
        few = count()
        with freeze_time("2026-03-03 09:30:00"):
            for _i in range(10):
                self._registered_complaint()
        self.assertEqual(count(), few)
