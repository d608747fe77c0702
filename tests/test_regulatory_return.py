"""Root causes, the cause on the complaint and in the recurring problems, and
the regulatory return for a period (PDF and spreadsheet) built from a known
set of complaints."""

import base64
import io
import re
import subprocess
import tempfile
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .test_compensation import CompensationCase
from .test_corrective_action import ActionPlanCase
from .test_reports import pdf_text


@tagged("post_install", "-at_install")
class TestComplaintCauses(ActionPlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manufacturing = cls.env.ref(
            "complaint_management.complaint_cause_product_manufacturing"
        )
        cls.late_delivery = cls.env.ref(
            "complaint_management.complaint_cause_delivery_late"
        )
        cls.company.complaint_recurring_threshold = 3
        cls.company.complaint_recurring_days = 30
        cls.env["complaint.recurring.problem"].search([]).unlink()

    # -- the tree ---------------------------------------------------------

    def test_default_causes_are_shipped(self):
        for xmlid in (
            "staff",
            "waiting",
            "information",
            "product",
            "delivery",
            "pricing",
            "policy",
            "supplier",
            "customer",
        ):
            cause = self.env.ref(f"complaint_management.complaint_cause_{xmlid}")
            self.assertFalse(cause.parent_id, xmlid)
            self.assertFalse(cause.company_id, "shipped causes serve every company")
        self.assertEqual(
            self.late_delivery.parent_id,
            self.env.ref("complaint_management.complaint_cause_delivery"),
        )
        self.assertEqual(self.late_delivery.complete_name, "Delivery / Late delivery")
        self.assertEqual(self.late_delivery.display_name, "Delivery / Late delivery")
        delivery = self.late_delivery.parent_id
        self.assertIn(self.late_delivery, delivery.child_ids)
        self.assertEqual(
            self.env["complaint.cause"].search([("id", "child_of", delivery.id)]),
            delivery | delivery.child_ids,
            "the parent store finds the sub-causes",
        )
        found = self.env["complaint.cause"].name_search("Delivery / Late")
        self.assertEqual([row[0] for row in found], [self.late_delivery.id])

    def test_a_cause_cannot_be_its_own_ancestor(self):
        delivery = self.late_delivery.parent_id
        # the parent store refuses it
        with self.assertRaisesRegex(UserError, "Recursion"):
            delivery.parent_id = self.late_delivery

    def test_names_are_translated_in_the_full_name(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        delivery = self.late_delivery.parent_id
        delivery.with_context(lang="fr_FR").name = "Livraison"
        self.late_delivery.with_context(lang="fr_FR").name = "Livraison tardive"
        self.assertEqual(
            self.late_delivery.with_context(lang="fr_FR").complete_name,
            "Livraison / Livraison tardive",
        )
        self.assertEqual(self.late_delivery.complete_name, "Delivery / Late delivery")

    def test_agents_read_managers_write(self):
        Cause = self.env["complaint.cause"]
        self.assertTrue(
            Cause.with_user(self.user_agent).search(
                [("id", "=", self.manufacturing.id)]
            )
        )
        with self.assertRaises(AccessError):
            Cause.with_user(self.user_agent).create({"name": "Weather"})
        with self.assertRaises(AccessError):
            self.manufacturing.with_user(self.user_agent).name = "Broken"
        cause = Cause.with_user(self.user_manager).create(
            {"name": "Weather", "parent_id": self.late_delivery.parent_id.id}
        )
        self.assertEqual(cause.complete_name, "Delivery / Weather")

    def test_other_company_causes_stay_there(self):
        theirs = self.env["complaint.cause"].create(
            {"name": "Their own cause", "company_id": self.company_2.id}
        )
        ours = self.env["complaint.cause"].create(
            {"name": "Our own cause", "company_id": self.company.id}
        )
        visible = (
            self.env["complaint.cause"]
            .with_user(self.user_agent)
            .search([("id", "in", (theirs | ours | self.manufacturing).ids)])
        )
        self.assertEqual(visible, ours | self.manufacturing)
        complaint = self._registered_complaint()
        with self.assertRaisesRegex(ValidationError, "belongs to another company"):
            complaint.complaint_cause_id = theirs

    # -- the complaint's cause ------------------------------------------

    def test_cause_is_chosen_at_assessment_and_groupable(self):
        first = self._justified_complaint(complaint_cause_id=self.manufacturing.id)
        second = self._registered_complaint()
        second.write(
            {
                "complaint_assessment": "unjustified",
                "complaint_assessment_note": "The kettle was used on a gas stove.",
                "complaint_cause_id": self.env.ref(
                    "complaint_management.complaint_cause_customer"
                ).id,
                "complaint_root_cause": "The customer put the kettle on the stove.",
            }
        )
        third = self._registered_complaint(complaint_cause_id=self.manufacturing.id)
        self.assertEqual(first.complaint_cause_id, self.manufacturing)
        Ticket = self.env["helpdesk.ticket"]
        field = Ticket._fields["complaint_cause_id"]
        self.assertTrue(field.store and field.index)
        self.assertTrue(
            Ticket.fields_get(["complaint_cause_id"])["complaint_cause_id"]["groupable"]
        )
        groups = dict(
            Ticket._read_group(
                [("id", "in", (first | second | third).ids)],
                ["complaint_cause_id"],
                ["__count"],
            )
        )
        self.assertEqual(groups[self.manufacturing], 2)
        self.assertEqual(sum(groups.values()), 3)
        # the analysis groups the agent's way, through the web client's call
        web_groups = Ticket.with_user(self.user_agent).web_read_group(
            [("id", "in", (first | second | third).ids)],
            ["complaint_cause_id"],
            ["complaint_cause_id"],
        )["groups"]
        self.assertEqual(
            {
                group["complaint_cause_id"][0]: group["complaint_cause_id_count"]
                for group in web_groups
            }[self.manufacturing.id],
            2,
        )
        # the form shows it next to the free-text root cause, the search
        # view groups by it
        views = Ticket.with_user(self.user_agent).get_views(
            [(False, "form"), (False, "search")]
        )["views"]
        form = views["form"]["arch"]
        self.assertLess(
            form.index('name="complaint_cause_id"'),
            form.index('name="complaint_root_cause"'),
        )
        self.assertIn("'group_by': 'complaint_cause_id'", views["search"]["arch"])

    # -- recurring problems by cause --------------------------------------

    def _complaints(self, count, when, **values):
        with freeze_time(when):
            return self.env["helpdesk.ticket"].concat(
                *(self._registered_complaint(**values) for _i in range(count))
            )

    def _detect(self, when="2026-03-31 12:00:00"):
        with freeze_time(when):
            self.env["complaint.recurring.problem"]._cron_detect_recurring_problems()
        return self.env["complaint.recurring.problem"].search(
            [("category_id", "=", self.category_quality.id)]
        )

    def test_cause_shared_within_a_category_makes_its_own_cluster(self):
        defects = self._complaints(
            3, "2026-03-20 10:00:00", complaint_cause_id=self.manufacturing.id
        )
        others = self._complaints(
            2, "2026-03-20 10:00:00", complaint_cause_id=self.late_delivery.id
        )
        others |= self._complaints(1, "2026-03-20 10:00:00")
        problems = self._detect()
        self.assertEqual(len(problems), 2)
        by_cause = problems.filtered("cause_id")
        self.assertEqual(by_cause.cause_id, self.manufacturing)
        self.assertEqual(by_cause.ticket_ids, defects)
        self.assertIn("Product defect / Manufacturing defect", by_cause.display_name)
        category = problems - by_cause
        self.assertEqual(category.ticket_ids, defects | others)
        # running again changes nothing
        activities = problems.activity_ids
        self.assertEqual(self._detect("2026-03-31 13:00:00"), problems)
        self.assertEqual(problems.activity_ids, activities)
        # a newcomer with the cause joins both clusters
        newcomer = self._complaints(
            1, "2026-03-31 14:00:00", complaint_cause_id=self.manufacturing.id
        )
        self.assertEqual(self._detect("2026-03-31 15:00:00"), problems)
        self.assertIn(newcomer, by_cause.ticket_ids)
        self.assertIn(newcomer, category.ticket_ids)

    def test_category_of_one_cause_is_flagged_once(self):
        defects = self._complaints(
            3, "2026-03-20 10:00:00", complaint_cause_id=self.manufacturing.id
        )
        problems = self._detect()
        self.assertEqual(len(problems), 1, "one notice, the one that names the cause")
        self.assertEqual(problems.cause_id, self.manufacturing)
        self.assertEqual(problems.ticket_ids, defects)
        self.assertTrue(all(defects.mapped("complaint_recurring")))
        plan_action = problems.with_user(
            self.user_manager
        ).action_new_corrective_action()
        self.assertIn("Manufacturing defect", plan_action["context"]["default_name"])

    def test_cause_below_the_threshold_is_no_cluster(self):
        self._complaints(
            2, "2026-03-20 10:00:00", complaint_cause_id=self.manufacturing.id
        )
        self._complaints(1, "2026-03-20 10:00:00")
        problems = self._detect()
        self.assertEqual(len(problems), 1)
        self.assertFalse(problems.cause_id)

    def test_covered_category_covers_its_causes(self):
        self._complaints(
            3, "2026-03-20 10:00:00", complaint_cause_id=self.manufacturing.id
        )
        self._plan(category_id=self.category_quality.id).action_open()
        self.assertFalse(self._detect())


@tagged("post_install", "-at_install")
class TestRegulatoryReturn(CompensationCase, HttpCase):
    """A known month of complaints: March 2026, Brussels office hours
    (Monday to Friday), a 10 working-day deadline.

    ====  ==========  =========  ============  ==========  ========================
    #     registered  product    cause         assessment  answered
    ====  ==========  =========  ============  ==========  ========================
    1     Mon 2 Mar   kettle     manufacturing justified   Wed 4 Mar (3 days)
    2     Mon 2 Mar   kettle     manufacturing partly      Mon 9 Mar (deadline 16)
    3     Tue 3 Mar   yoghurt    late delivery unjustified Fri 20 Mar (deadline 17)
    4     Wed 4 Mar   yoghurt    —             —           not answered
    5     Fri 6 Mar   yoghurt    late delivery justified   Wed 11 Mar (3 bus. days)
    —     Fri 27 Feb  kettle     manufacturing justified   outside the period
    ====  ==========  =========  ============  ==========  ========================

    Redress: #1 100 accepted, paid 10 Mar; #2 50 accepted, paid 2 Apr (after
    the period); #3 20 declined; #5 30 accepted, paid 12 Mar; the February
    complaint 70 accepted and paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appliances = cls.env["product.category"].create({"name": "Test appliances"})
        cls.food = cls.env["product.category"].create({"name": "Test food"})
        cls.kettle = cls.env["product.product"].create(
            {"name": "Kettle K-2", "categ_id": cls.appliances.id}
        )
        cls.yoghurt = cls.env["product.product"].create(
            {"name": "Yoghurt", "categ_id": cls.food.id}
        )
        cls.manufacturing = cls.env.ref(
            "complaint_management.complaint_cause_product_manufacturing"
        )
        cls.late_delivery = cls.env.ref(
            "complaint_management.complaint_cause_delivery_late"
        )

    def _complaint(self, when, product, cause=None):
        with freeze_time(when):
            return self._registered_complaint(
                complaint_product_id=product.id,
                complaint_cause_id=cause.id if cause else False,
            )

    def _assess(self, complaint, assessment):
        complaint.write(
            {
                "complaint_assessment": assessment,
                "complaint_assessment_note": "Checked with the warehouse.",
            }
        )

    def _answer(self, complaint, when):
        with freeze_time(when):
            self._send_response(complaint)
        self.assertEqual(
            complaint.complaint_response_sent_date, datetime.fromisoformat(when)
        )

    def _redress(self, complaint, amount, accepted=True, paid=None):
        compensation = self._compensation(amount, ticket_id=complaint.id)
        compensation.action_submit()
        if compensation.state == "to_approve":
            compensation.with_user(self.user_senior).action_approve()
        compensation.action_offer()
        if not accepted:
            compensation.action_decline()
            return compensation
        compensation.action_accept()
        if paid:
            compensation._complaint_mark_paid(paid_date=datetime.fromisoformat(paid))
        return compensation

    def _known_month(self):
        first = self._complaint("2026-03-02 09:00:00", self.kettle, self.manufacturing)
        second = self._complaint("2026-03-02 09:30:00", self.kettle, self.manufacturing)
        third = self._complaint("2026-03-03 09:00:00", self.yoghurt, self.late_delivery)
        self._complaint("2026-03-04 09:00:00", self.yoghurt)
        fifth = self._complaint("2026-03-06 10:00:00", self.yoghurt, self.late_delivery)
        before = self._complaint("2026-02-27 09:00:00", self.kettle, self.manufacturing)
        for complaint, assessment in (
            (first, "justified"),
            (second, "partially_justified"),
            (third, "unjustified"),
            (fifth, "justified"),
            (before, "justified"),
        ):
            self._assess(complaint, assessment)
        self._answer(first, "2026-03-04 10:00:00")
        self._answer(second, "2026-03-09 10:00:00")
        self._answer(third, "2026-03-20 10:00:00")
        # the third business day after a Friday is the next Wednesday
        self._answer(fifth, "2026-03-11 09:00:00")
        self._answer(before, "2026-03-02 10:00:00")
        self._redress(first, 100, paid="2026-03-10 12:00:00")
        self._redress(second, 50, paid="2026-04-02 12:00:00")
        self._redress(third, 20, accepted=False)
        self._redress(fifth, 30, paid="2026-03-12 12:00:00")
        self._redress(before, 70, paid="2026-03-01 12:00:00")

    def _wizard(self, **values):
        return self.env["complaint.return.wizard"].create(
            {
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "company_id": self.company.id,
                **values,
            }
        )

    EXPECTED = {
        ("Test appliances", "Product defect / Manufacturing defect"): {
            "opened": 2,
            "closed_quick": 1,
            "closed_on_time": 1,
            "closed_late": 0,
            "still_open": 0,
            "assessed": 2,
            "upheld": 2,
            "upheld_share": 1.0,
            "redress_granted": 150.0,
            "redress_paid": 100.0,
        },
        ("Test food", "Delivery / Late delivery"): {
            "opened": 2,
            "closed_quick": 1,
            "closed_on_time": 0,
            "closed_late": 1,
            "still_open": 0,
            "assessed": 2,
            "upheld": 1,
            "upheld_share": 0.5,
            "redress_granted": 30.0,
            "redress_paid": 30.0,
        },
        ("Test food", "No cause given"): {
            "opened": 1,
            "closed_quick": 0,
            "closed_on_time": 0,
            "closed_late": 0,
            "still_open": 1,
            "assessed": 0,
            "upheld": 0,
            "upheld_share": 0.0,
            "redress_granted": 0.0,
            "redress_paid": 0.0,
        },
    }
    EXPECTED_TOTAL = {
        "opened": 5,
        "closed_quick": 2,
        "closed_on_time": 1,
        "closed_late": 1,
        "still_open": 1,
        "assessed": 4,
        "upheld": 3,
        "upheld_share": 0.75,
        "redress_granted": 180.0,
        "redress_paid": 130.0,
    }

    def test_figures_of_a_known_month(self):
        self._known_month()
        data = self._wizard()._get_return_data()
        lines = {
            (line["product_group"], line["cause"]): {
                key: line[key] for key in self.EXPECTED_TOTAL
            }
            for line in data["lines"]
            if line["product_group"] in ("Test appliances", "Test food")
        }
        self.assertEqual(lines, self.EXPECTED)
        total = {key: data["total"][key] for key in self.EXPECTED_TOTAL}
        # the setup's own complaint is registered today, outside March
        self.assertEqual(total, self.EXPECTED_TOTAL)
        self.assertEqual(data["currency"], self.company.currency_id)

    def test_a_new_answer_date_keeps_the_first_promise(self):
        """Answered by a changed answer date but after the one first promised
        (Tuesday 24 March): late in the return."""
        complaint = self._complaint("2026-03-10 09:00:00", self.kettle)
        with freeze_time("2026-03-20 09:00:00"):
            action = complaint.action_complaint_change_deadline()
            self.env[action["res_model"]].with_context(**action["context"]).create(
                {"new_date": "2026-03-31", "reason": "The expert visits on the 30th."}
            ).action_apply()
        self._assess(complaint, "justified")
        self._answer(complaint, "2026-03-27 10:00:00")
        total = self._wizard()._get_return_data()["total"]
        self.assertEqual(
            (total["opened"], total["closed_on_time"], total["closed_late"]), (1, 0, 1)
        )

    def test_figures_are_aggregates(self):
        self._known_month()
        wizard = self._wizard()
        # the calendar's working days are cached for the registry (a cache
        # other writes may clear): warm it before each count
        wizard._get_return_data()
        queries = self._count_queries(wizard._get_return_data)
        for _i in range(3):
            self._complaint("2026-03-10 09:00:00", self.yoghurt, self.late_delivery)
            self._complaint("2026-03-10 09:00:00", self.kettle, self.manufacturing)
        wizard._get_return_data()
        self.assertEqual(
            self._count_queries(wizard._get_return_data),
            queries,
            "more complaints, not more queries",
        )
        self.assertEqual(wizard._get_return_data()["total"]["opened"], 11)

    def test_categories_filter_the_return(self):
        self._known_month()
        other = self.env["helpdesk.ticket.category"].create(
            {"name": "Test other complaints", "complaint_kind": "quality"}
        )
        data = self._wizard(category_ids=[(6, 0, other.ids)])._get_return_data()
        self.assertEqual(data["lines"], [])
        self.assertEqual(data["total"]["opened"], 0)

    def test_regime_filters_the_return(self):
        self._known_month()
        policy = self.env.ref("complaint_management.complaint_regime_company_policy")
        fca = self.env.ref("complaint_management.complaint_regime_uk_fca")
        everything = self._wizard()._get_return_data()["total"]["opened"]
        self.assertTrue(everything)
        # the month's complaints were registered under the company's policy
        under_policy = self._wizard(regime_id=policy.id)._get_return_data()
        self.assertEqual(under_policy["total"]["opened"], everything)
        under_fca = self._wizard(regime_id=fca.id)._get_return_data()
        self.assertEqual(under_fca["total"]["opened"], 0)

    def test_agent_opens_the_wizard_and_gets_both_files(self):
        self._known_month()
        action = self.env.ref("complaint_management.action_complaint_return_wizard")
        self.assertEqual(action.res_model, "complaint.return.wizard")
        Wizard = self.env["complaint.return.wizard"].with_user(self.user_agent)
        with Form(Wizard) as form:
            form.date_from = date(2026, 3, 1)
            form.date_to = date(2026, 3, 31)
        wizard = form.record
        pdf_action = wizard.action_print_return()
        self.assertEqual(
            pdf_action["report_name"], "complaint_management.report_complaint_return"
        )
        download = wizard.action_download_return_xlsx()
        attachment_id = int(download["url"].split("/")[-1].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.user_agent)
        attachment = attachment.browse(attachment_id)
        self.assertTrue(attachment.raw.startswith(b"PK"), "an xlsx is a zip file")
        self.assertEqual(wizard._get_return_data()["total"]["opened"], 5)

    def test_summary_counts_by_cause(self):
        self._known_month()
        wizard = self.env["complaint.report.wizard"].create(
            {
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "company_id": self.company.id,
            }
        )
        self.assertEqual(
            dict(wizard._get_summary_data()["by_cause"]),
            {
                "Product defect / Manufacturing defect": 2,
                "Delivery / Late delivery": 2,
                "No cause given": 1,
            },
        )
        report = self.env.ref("complaint_management.action_report_complaint_summary")
        html, _type = report._render_qweb_html(report.report_name, wizard.ids)
        text = " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())
        # most frequent first, then by name
        self.assertIn(
            "By cause Delivery / Late delivery 2 "
            "Product defect / Manufacturing defect 2 No cause given 1",
            text,
        )

    def test_spreadsheet_reopens_with_the_figures(self):
        self._known_month()
        wizard = self._wizard()
        action = wizard.action_download_return_xlsx()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", wizard._name), ("res_id", "=", wizard.id)]
        )
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        self.assertEqual(
            attachment.mimetype,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertTrue(attachment.name.endswith(".xlsx"))
        # the file the browser gets
        self.authenticate("admin", "admin")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.content, base64.b64decode(attachment.datas))

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A1"].value, "Complaint Regulatory Return")
        self.assertEqual(sheet["A2"].value, self.company.name)
        self.assertIn("2026-03-01", sheet["A3"].value)
        self.assertIn("2026-03-31", sheet["A3"].value)
        headings = [cell.value for cell in sheet[5]]
        self.assertEqual(
            headings,
            [
                "Product group",
                "Cause",
                "Opened",
                "Closed within 3 business days",
                "Closed later, within the deadline",
                "Closed after the deadline",
                "Still open",
                "Assessed",
                "Upheld",
                "Upheld share",
                "Redress granted",
                "Redress paid",
            ],
        )
        keys = [key for key, _label, _kind in wizard._get_return_columns()][2:]
        rows = {}
        for row in sheet.iter_rows(min_row=6, values_only=True):
            rows[row[0], row[1]] = dict(zip(keys, row[2:], strict=False))
        for (group, cause), figures in self.EXPECTED.items():
            self.assertEqual(rows[group, cause], figures, (group, cause))
        self.assertEqual(rows["Total", None], self.EXPECTED_TOTAL)
        # the last row is the total, in bold; shares are percentages
        last = sheet.max_row
        self.assertEqual(sheet.cell(last, 1).value, "Total")
        self.assertTrue(sheet.cell(last, 3).font.b)
        self.assertEqual(sheet.cell(6, 10).number_format, "0.0%")

    def test_pdf_carries_the_figures(self):
        self._known_month()
        report = self.env.ref(
            "complaint_management.action_report_complaint_return"
        ).with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf(report.report_name, self._wizard().ids)
        text = pdf_text(pdf)
        self.assertIn("Complaint Regulatory Return", text)
        self.assertIn("Complaints opened 5", text)
        self.assertIn("Closed within 3 business days 2", text)
        self.assertIn("Closed later, within the deadline 1", text)
        self.assertIn("Closed after the deadline 1", text)
        self.assertIn("Still open at the end of the period 1", text)
        self.assertIn("Upheld share (of assessed) 75 % (3 / 4)", text)
        # the table, read as laid out: one line a row, the cells in order
        # (a long name may wrap onto the next line)
        rows = [
            re.sub(r"\s*%", " %", " ".join(line.split()))
            for line in poppler_layout(pdf).splitlines()
        ]
        symbol = self.company.currency_id.symbol

        def figures(marker):
            row = next(row for row in rows if marker in row)
            return row.split(marker, 1)[1].strip()

        self.assertEqual(
            figures("Product defect / Manufacturing"),
            f"2 1 1 0 0 2 2 100 % {symbol} 150.00 {symbol} 100.00",
        )
        self.assertEqual(
            figures("Delivery / Late delivery"),
            f"2 1 0 1 0 2 1 50 % {symbol} 30.00 {symbol} 30.00",
        )
        self.assertEqual(
            figures("No cause given"),
            f"1 0 0 0 1 0 0 0 % {symbol} 0.00 {symbol} 0.00",
        )
        self.assertEqual(
            figures("Total"), f"5 2 1 1 1 4 3 75 % {symbol} 180.00 {symbol} 130.00"
        )
        self.assertEqual(
            rows.index(next(r for r in rows if r.startswith("Total"))),
            max(i for i, r in enumerate(rows) if r),
            "the total comes last",
        )


def poppler_layout(pdf):
    """The PDF's text with pdftotext's -layout: a table row on one line."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], check=True, capture_output=True
        )
    return result.stdout.decode()
