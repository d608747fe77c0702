"""Retention of personal data: complaints past their retention period lose
the customer's name, contact data, messages and attachments and keep their
journal line; a legal hold stops it; a customer's export and erase requests."""

import base64
import io
import zipfile
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ComplaintCase
from .test_reports import pdf_text

PHONE = "+32 470 55 12 34"
CLOSED_ON = datetime(2020, 3, 4, 10, 0)
# five years (the default retention) after CLOSED_ON, and a bit
PAST_RETENTION = "2025-06-01 08:00:00"


@tagged("post_install", "-at_install")
class TestRetention(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.approval.limit"].create(
            {"user_id": cls.env.uid, "amount": 1000}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Olga Other", "email": "olga.other@example.com"}
        )
        cls.Ticket = cls.env["helpdesk.ticket"]

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _closed_complaint(self, customer=None, day="2020-03-02", closed=CLOSED_ON):
        """A complaint with everything a customer leaves behind: contact
        data, their message with an attachment, a compensation with their
        comment, a signed and sent response letter; closed on ``closed``."""
        customer = customer or self.customer
        with freeze_time(f"{day} 09:00:00"):
            complaint = self._registered_complaint(
                partner_id=customer.id,
                partner_name=customer.name,
                partner_email=customer.email,
                description=f"<p>Two weeks past its date. Call me on {PHONE}.</p>",
                complaint_remedy_sought=f"My money back, {customer.name}.",
                user_id=self.user_agent.id,
            )
            complaint.message_subscribe(partner_ids=customer.ids)
            photo = self.env["ir.attachment"].create(
                {
                    "name": "receipt.jpg",
                    "raw": b"receipt of " + customer.name.encode(),
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                }
            )
            complaint.with_context(complaint_phrase_confirmed=True).message_post(
                body=f"<p>Here is my receipt. {customer.name}, {PHONE}</p>",
                author_id=customer.id,
                email_from=customer.email_formatted,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=photo.ids,
            )
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": f"{customer.name} was right.",
                "complaint_fault": "company",
                "complaint_response": f"<p>Dear {customer.name}, we refund.</p>",
            }
        )
        compensation = self.env["complaint.compensation"].create(
            {"ticket_id": complaint.id, "amount": 42}
        )
        compensation.action_submit()
        compensation.action_offer()
        compensation.action_accept()
        compensation.customer_comment = f"Thanks, {customer.name}"
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        with freeze_time(closed):
            complaint.action_complaint_send_response()
            self.Ticket._cron_complaint_send_letters()
            complaint.stage_id = self.stage_done
        self.assertEqual(complaint.complaint_state, "closed")
        self.assertTrue(complaint._get_complaint_response_letter())
        return complaint

    def _run_cron(self, at=PAST_RETENTION, **kwargs):
        with freeze_time(at):
            self.Ticket._cron_complaint_anonymise(**kwargs)

    def _attachments(self, complaint):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", complaint._name),
                    ("res_id", "=", complaint.id),
                    "&",
                    ("res_model", "=", "complaint.compensation"),
                    ("res_id", "in", complaint.compensation_ids.ids),
                ]
            )
        )

    def _messages(self, complaint):
        return (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
        )

    def _wizard(self):
        return self.env["complaint.report.wizard"].create(
            {
                "date_from": date(2020, 3, 1),
                "date_to": date(2020, 3, 31),
                "company_id": self.company.id,
            }
        )

    def _journal_figures(self):
        data = self._wizard()._get_journal_data()
        return {key: value for key, value in data.items() if key != "lines"}

    def _journal_line(self, complaint):
        complaint.invalidate_recordset()
        return {
            "ref": complaint.complaint_ref,
            "registered": complaint.complaint_registered_date,
            "deadline": complaint.complaint_deadline,
            "closed": complaint.closed_date,
            "sent": complaint.complaint_response_sent_date,
            "signed_by": complaint.complaint_response_signed_by_id,
            "category": complaint.category_id,
            "kind": complaint.complaint_kind,
            "state": complaint.complaint_state,
            "assessment": complaint.complaint_assessment,
            "fault": complaint.complaint_fault,
            "compensations": [
                (c.amount, c.currency_id, c.state, c.compensation_type)
                for c in complaint.compensation_ids
            ],
        }

    # ------------------------------------------------------------
    # The scheduled anonymisation
    # ------------------------------------------------------------

    def test_anonymise_keeps_the_journal_and_removes_the_person(self):
        complaint = self._closed_complaint()
        with freeze_time("2020-03-06 10:00:00"):
            self.Ticket._cron_complaint_satisfaction_followup()
            rating = complaint.rating_ids
            complaint.rating_apply(
                4, token=rating.access_token, feedback=f"Fine. Carla, {PHONE}"
            )
        outgoing = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
        )
        self.assertTrue(outgoing, "the acknowledgement and letter are in the queue")
        line = self._journal_line(complaint)
        figures = self._journal_figures()
        summary = self._wizard()._get_summary_data()
        journal_pdf = "complaint_management.action_report_complaint_journal"
        report = self.env.ref(journal_pdf).with_context(force_report_rendering=True)
        self.assertIn(
            "Carla Customer",
            pdf_text(
                report._render_qweb_pdf(report.report_name, self._wizard().ids)[0]
            ),
        )
        self.assertEqual(len(self._attachments(complaint)), 2)

        with freeze_time(PAST_RETENTION):
            self.assertEqual(
                complaint.complaint_retention_end, datetime(2025, 3, 4, 10)
            )
        self._run_cron()

        # the journal stays whole
        self.assertTrue(complaint.complaint_anonymised_date)
        self.assertEqual(self._journal_line(complaint), line)
        self.assertEqual(self._journal_figures(), figures)
        self.assertEqual(self._wizard()._get_summary_data(), summary)
        text = pdf_text(
            report._render_qweb_pdf(report.report_name, self._wizard().ids)[0]
        )
        self.assertIn(complaint.complaint_ref, text)
        self.assertNotIn("Carla", text)
        # the person is gone
        anonymous = self.company.sudo().complaint_anonymous_partner_id
        self.assertEqual(complaint.partner_id, anonymous)
        self.assertFalse(anonymous.email or anonymous.phone)
        self.assertFalse(complaint.partner_name or complaint.partner_email)
        self.assertFalse(complaint.complaint_remedy_sought)
        self.assertFalse(complaint.complaint_response)
        for text in (
            complaint.name,
            complaint.description,
            complaint.complaint_assessment_note,
            complaint.compensation_ids.customer_comment or "",
        ):
            self.assertNotIn("Carla", text)
            self.assertNotIn(PHONE, text)
        self.assertFalse(self._attachments(complaint))
        messages = self._messages(complaint)
        self.assertNotIn(self.customer, messages.author_id)
        self.assertNotIn(self.customer, messages.partner_ids)
        for message in messages:
            self.assertNotIn("Carla", message.body or "")
            self.assertNotIn(PHONE, message.body or "")
            self.assertNotIn("carla", (message.email_from or "").lower())
            self.assertFalse(message.attachment_ids)
        self.assertNotIn(self.customer, complaint.message_partner_ids)
        self.assertFalse(
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "in", messages.ids),
                    ("field_id.ttype", "in", ("char", "text", "html")),
                ]
            )
        )
        self.assertFalse(outgoing.exists())
        # the rating keeps its score for the figures, not the comment
        self.assertEqual((rating.rating, rating.partner_id), (4, anonymous))
        self.assertFalse(rating.feedback)
        self.assertEqual(summary["ratings"], 1)
        # the anonymisation is logged, without personal data
        note = messages.filtered(lambda m: "Personal data removed" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("retention period", note.body)

    def test_legal_hold_stops_anonymisation(self):
        held = self._closed_complaint()
        with self.assertRaises(AccessError):
            held.with_user(self.user_agent).complaint_legal_hold = True
        with self.assertRaises(AccessError):
            self._new_complaint().with_user(self.user_agent).create(
                {
                    "name": "Held from the start",
                    "description": "<p>A court case.</p>",
                    "partner_id": self.customer.id,
                    "complaint_legal_hold": True,
                }
            )
        # a form saved or a file imported unchanged is no attempt
        held.with_user(self.user_agent).write({"complaint_legal_hold": False})
        held.with_user(self.user_manager).complaint_legal_hold = True
        held.with_user(self.user_agent).write({"complaint_legal_hold": True})
        free = self._closed_complaint(customer=self.other_customer)
        self._run_cron()
        self.assertFalse(held.complaint_anonymised_date)
        self.assertEqual(held.partner_id, self.customer)
        self.assertEqual(len(self._attachments(held)), 2)
        self.assertTrue(free.complaint_anonymised_date)
        # lifted, the complaint goes on the next run
        with self.assertRaises(AccessError):
            held.with_user(self.user_agent).complaint_legal_hold = False
        held.with_user(self.user_manager).complaint_legal_hold = False
        self._run_cron()
        self.assertTrue(held.complaint_anonymised_date)
        # the hold is tracked
        self.assertIn(
            "complaint_legal_hold",
            self._messages(held).sudo().tracking_value_ids.field_id.mapped("name"),
        )

    def test_anonymisation_is_idempotent(self):
        complaint = self._closed_complaint()
        self._run_cron()
        stamp = complaint.complaint_anonymised_date
        messages = self._messages(complaint)
        self._run_cron(at="2026-06-01 08:00:00")
        self.assertEqual(complaint.complaint_anonymised_date, stamp)
        self.assertEqual(self._messages(complaint), messages)
        self.assertFalse(complaint._complaint_anonymise("again."))
        # nothing is due any more
        self.assertFalse(complaint.complaint_retention_end)

    def test_only_what_is_past_retention_goes(self):
        recent = self._closed_complaint(day="2024-03-02", closed="2024-03-04 10:00")
        with freeze_time("2020-03-02 09:00:00"):
            still_open = self._registered_complaint()
        old = self._closed_complaint(customer=self.other_customer)
        self._run_cron()
        self.assertTrue(old.complaint_anonymised_date)
        self.assertFalse(recent.complaint_anonymised_date)
        self.assertFalse(still_open.complaint_anonymised_date)
        self.assertEqual(recent.complaint_retention_end, datetime(2029, 3, 4, 10))
        # a shorter period on the company brings it forward
        self.company.complaint_retention_years = 1
        self.assertEqual(recent.complaint_retention_end, datetime(2025, 3, 4, 10))
        self._run_cron()
        self.assertTrue(recent.complaint_anonymised_date)
        self.assertFalse(still_open.complaint_anonymised_date)

    def test_retention_period_in_settings(self):
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.complaint_retention_years, 5)
        settings.complaint_retention_years = 3
        settings.save().execute()
        self.assertEqual(self.env.company.complaint_retention_years, 3)

    def test_anonymisation_at_volume_is_batched(self):
        """300 complaints due: batches of the size asked, the progress told,
        and a batch's queries do not grow with the number of complaints."""
        customers = self.env["res.partner"].create(
            [
                {"name": f"Volume customer {i}", "email": f"v{i}@example.com"}
                for i in range(300)
            ]
        )
        complaints = self.Ticket.create(
            [
                {
                    "name": f"Complaint of {customer.name}",
                    "description": f"<p>{customer.name} writes.</p>",
                    "category_id": self.category_quality.id,
                    "partner_id": customer.id,
                    "partner_email": customer.email,
                    "company_id": self.company.id,
                    "stage_id": self.stage_done.id,
                    "complaint_close_reason": "withdrawn",
                    "complaint_close_note": f"{customer.name} withdrew it.",
                }
                for customer in customers
            ]
        )
        complaints.write({"closed_date": CLOSED_ON})
        complaints._message_log_batch(
            bodies={c.id: f"<p>{c.partner_id.name}</p>" for c in complaints},
            author_id=self.customer.id,
        )
        self.env["ir.attachment"].create(
            [
                {
                    "name": "letter.txt",
                    "raw": b"from a customer",
                    "res_model": complaints._name,
                    "res_id": complaint.id,
                }
                for complaint in complaints
            ]
        )
        self.assertEqual(set(complaints.mapped("complaint_state")), {"withdrawn"})
        cron = self.env.ref("complaint_management.ir_cron_complaint_anonymise")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})

        def run(batch_size):
            with freeze_time(PAST_RETENTION):
                self.Ticket.with_context(
                    ir_cron_progress_id=progress.id
                )._cron_complaint_anonymise(batch_size=batch_size)

        run(10)  # settle the caches, make the anonymised customer
        self.assertEqual((progress.done, progress.remaining), (10, 290))
        small = self._count_queries(lambda: run(10))
        self.assertEqual((progress.done, progress.remaining), (10, 280))
        large = self._count_queries(lambda: run(100))
        self.assertEqual((progress.done, progress.remaining), (100, 180))
        self.assertLessEqual(large, small)
        run(200)
        self.assertEqual((progress.done, progress.remaining), (180, 0))
        self.assertTrue(all(complaints.mapped("complaint_anonymised_date")))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", complaints._name), ("res_id", "in", complaints.ids)]
            )
        )
        self.assertFalse(set(complaints.partner_id.ids) & set(customers.ids))
        run(100)
        self.assertEqual((progress.done, progress.remaining), (0, 0))

    # ------------------------------------------------------------
    # The customer's requests
    # ------------------------------------------------------------

    def _export(self, partner, user=None):
        action = partner.with_user(
            user or self.user_manager
        ).action_complaint_export_data()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.res_model, "res.partner")
        self.assertEqual(attachment.res_id, partner.id)
        return zipfile.ZipFile(io.BytesIO(base64.b64decode(attachment.datas)))

    def test_export_holds_the_customers_complaints_only(self):
        mine = self._closed_complaint()
        with freeze_time("2026-03-02 09:00:00"):
            open_one = self._registered_complaint(name="Rude cashier")
        theirs = self._closed_complaint(customer=self.other_customer)
        archive = self._export(self.customer)
        names = archive.namelist()
        folders = {name.split("/")[0] for name in names if "/" in name}
        label = self.env["res.partner"]._complaint_export_name
        self.assertEqual(
            folders, {label(mine.complaint_ref), label(open_one.complaint_ref)}
        )
        self.assertNotIn(label(theirs.complaint_ref), folders)
        index = archive.read("index.html").decode()
        self.assertIn("Carla Customer", index)
        self.assertIn("carla.customer@example.com", index)
        self.assertNotIn("Olga", index)
        summary = archive.read(f"{label(mine.complaint_ref)}/summary.html").decode()
        self.assertIn(PHONE, summary)
        self.assertIn("Here is my receipt", summary)
        self.assertIn("My money back", summary)
        self.assertIn("Thanks, Carla Customer", summary)
        self.assertNotIn("Olga", summary)
        receipt = [n for n in names if n.endswith("-receipt.jpg")]
        self.assertEqual(len(receipt), 1)
        self.assertEqual(archive.read(receipt[0]), b"receipt of Carla Customer")
        letters = [
            n
            for n in names
            if n.startswith(label(mine.complaint_ref) + "/attachments/")
            and n.endswith(".pdf")
        ]
        self.assertEqual(len(letters), 1)

    def test_erase_anonymises_what_retention_allows_and_refuses_the_rest(self):
        due = self._closed_complaint()
        recent = self._closed_complaint(day="2025-03-02", closed="2025-03-04 10:00")
        held = self._closed_complaint(day="2020-03-03")
        held.with_user(self.user_manager).complaint_legal_hold = True
        with freeze_time("2025-05-02 09:00:00"):
            open_one = self._registered_complaint(name="Rude cashier")
        theirs = self._closed_complaint(customer=self.other_customer)
        self._export(self.customer)
        export = self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        )
        self.assertEqual(len(export), 1)
        with freeze_time(PAST_RETENTION):
            action = self.customer.with_user(
                self.user_manager
            ).action_complaint_erase_data()
        self.assertTrue(due.complaint_anonymised_date)
        self.assertFalse(self._attachments(due))
        for kept in (recent, held, open_one, theirs):
            self.assertFalse(kept.complaint_anonymised_date)
        message = action["params"]["message"]
        self.assertIn(f"Anonymised: {due.complaint_ref}.", message)
        self.assertIn(f"Kept: {open_one.complaint_ref}, it is still open.", message)
        self.assertIn(f"Kept: {held.complaint_ref}, it is on legal hold.", message)
        self.assertIn(
            f"Kept: {recent.complaint_ref}, it is within the retention period "
            "until 03/04/2030.",
            message,
        )
        self.assertNotIn(theirs.complaint_ref, message)
        # what was exported for the customer goes with it
        self.assertFalse(export.exists())
        # the request is logged on the customer
        self.assertIn(open_one.complaint_ref, self.customer.message_ids[0].body)

    def test_only_managers_export_and_erase(self):
        self._closed_complaint()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_agent).action_complaint_export_data()
        with self.assertRaises(AccessError), freeze_time(PAST_RETENTION):
            self.customer.with_user(self.user_agent).action_complaint_erase_data()
        self.assertFalse(
            self.Ticket.search(
                [("partner_id", "=", self.customer.id)]
            ).complaint_anonymised_date
        )

    def test_forms_show_the_hold_and_the_requests_to_whom_may_use_them(self):
        def arch(model, user):
            views = self.env[model].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        agent_form = arch("helpdesk.ticket", self.user_agent)
        manager_form = arch("helpdesk.ticket", self.user_manager)
        self.assertIn('name="complaint_legal_hold"', agent_form)
        self.assertIn('name="complaint_legal_hold"', manager_form)
        self.assertNotIn(
            "action_complaint_erase_data", arch("res.partner", self.user_agent)
        )
        manager_partner_form = arch("res.partner", self.user_manager)
        self.assertIn("action_complaint_export_data", manager_partner_form)
        self.assertIn("action_complaint_erase_data", manager_partner_form)
