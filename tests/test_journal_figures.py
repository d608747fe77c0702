"""The complaint journal's answer figures: answered on time, answered late,
open and on track, open and overdue. An open complaint whose deadline has not
come is on track, not answered; a withdrawn one is none of the four. The
journal fits its page: landscape, the category by its own name."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase
from .test_reports import pdf_text

NOW = "2026-03-25 10:00:00"


@tagged("post_install", "-at_install")
class TestJournalFigures(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_rude = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Rude staff",
                "parent_id": cls.category_quality.id,
                "complaint_kind": "staff",
                "company_id": cls.company.id,
            }
        )

    def _registered(self, when, name):
        with freeze_time(when):
            return self._registered_complaint(name=name)

    def _answered(self, registered, sent, name):
        complaint = self._registered(registered, name)
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Checked with the shop.",
            }
        )
        with freeze_time(sent):
            self._send_response(complaint)
        return complaint

    def _wizard(self):
        return self.env["complaint.report.wizard"].create(
            {
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "company_id": self.company.id,
            }
        )

    def test_four_answer_figures(self):
        # 10 working days: registered on 2 March, due on 16 March
        on_time = self._answered("2026-03-02 09:00:00", "2026-03-04 10:00:00", "A")
        late = self._answered("2026-03-02 09:10:00", "2026-03-20 10:00:00", "B")
        on_track = self._registered("2026-03-20 09:00:00", "C")
        overdue = self._registered("2026-03-02 09:20:00", "D")
        withdrawn = self._registered("2026-03-03 09:00:00", "E")
        with freeze_time("2026-03-24 09:00:00"):
            withdrawn.write(
                {
                    "complaint_close_reason": "withdrawn",
                    "complaint_close_note": "Withdrawn on the phone.",
                    "stage_id": self.stage_done.id,
                }
            )
        wizard = self._wizard()
        with freeze_time(NOW):
            data = wizard._get_journal_data()
            summary = wizard._get_summary_data()
        answers = {line["ticket"]: line["answer"] for line in data["lines"]}
        self.assertEqual(
            answers,
            {
                on_time: "answered_on_time",
                late: "answered_late",
                on_track: "open_on_track",
                overdue: "open_overdue",
                withdrawn: False,
            },
        )
        self.assertEqual(
            (
                data["answered_on_time"],
                data["answered_late"],
                data["open_on_track"],
                data["open_overdue"],
            ),
            (1, 1, 1, 1),
        )
        # the summary counts as missed what the journal shows late or overdue
        self.assertEqual(summary["deadlines_missed"], 2)
        with freeze_time(NOW):
            report = self.env.ref(
                "complaint_management.action_report_complaint_journal"
            ).with_context(force_report_rendering=True)
            pdf, _type = report._render_qweb_pdf(report.report_name, wizard.ids)
        text = pdf_text(pdf)
        for figure in (
            "Complaints registered 5",
            "Answered on time 1",
            "Answered late 1",
            "Open, on track 1",
            "Open, overdue 1",
        ):
            self.assertIn(figure, text)

    def test_journal_fits_a_landscape_page(self):
        report = self.env.ref("complaint_management.action_report_complaint_journal")
        paperformat = report.paperformat_id
        self.assertEqual(paperformat.orientation, "Landscape")
        with freeze_time("2026-03-05 09:00:00"):
            self._registered_complaint(category_id=self.category_rude.id)
        pdf, _type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, self._wizard().ids
        )
        text = pdf_text(pdf)
        # the category by its own name: its parent is the complaint's kind
        self.assertIn("Rude staff", text)
        self.assertNotIn("Test quality complaints / Rude staff", text)
