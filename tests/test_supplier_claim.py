import uuid
from xmlrpc.client import Fault

from freezegun import freeze_time
from lxml import etree

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase, RaceCase
from .common_supplier import SupplierClaimMixin, setup_supplier_fixtures

ACTIVITY_OVERDUE = "complaint_management.mail_activity_supplier_claim_overdue"
ACTIVITY_REMINDER = "complaint_management.mail_activity_supplier_claim_reminder"


@tagged("post_install", "-at_install")
class TestSupplierClaim(SupplierClaimMixin, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_supplier_fixtures(cls)

    # ------------------------------------------------------------
    # Opening a claim
    # ------------------------------------------------------------

    def test_opened_from_the_complaint_with_vendor_and_evidence(self):
        complaint = self._supplier_complaint()
        action = complaint.with_user(self.user_agent).action_new_supplier_claim()
        claim_form = Form(
            self.env["complaint.supplier.claim"]
            .with_user(self.user_agent)
            .with_context(**action["context"])
        )
        self.assertEqual(claim_form.partner_id, self.supplier)
        self.assertEqual(claim_form.product_id, self.claim_product)
        claim_form.amount = 120.0
        claim = claim_form.save()
        self.assertRegex(claim.name, r"^SCL/\d{4}/\d{5}$")
        self.assertEqual(claim.state, "draft")
        self.assertEqual(claim.company_id, self.company)
        self.assertEqual(claim.customer_id, self.customer)
        self.assertEqual(claim.attachment_ids.mapped("name"), ["drum-photo.jpg"])
        self.assertEqual(claim.description, "A faulty motor coupling.")
        self.assertEqual(complaint.supplier_claim_count, 1)
        self.assertEqual(
            complaint.action_view_supplier_claims()["domain"],
            [("ticket_id", "=", complaint.id)],
        )

    def test_sent_to_the_supplier_in_its_language(self):
        complaint = self._supplier_complaint()
        claim = self._claim(complaint, 120.0, lot_name="LOT-77")
        with self.mock_mail_gateway():
            claim.action_send()
        self.assertEqual(claim.state, "sent")
        self.assertEqual(claim.sent_by_id, self.user_agent)
        self.assertTrue(claim.sent_date)
        message = claim.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message), 1)
        body = str(message.body)
        # the Bulgarian template, with the complaint's facts
        self.assertIn("Уважаеми", body)
        self.assertIn("Основателна", body)  # the assessment, in Bulgarian
        self.assertIn(complaint.complaint_ref, body)
        self.assertIn(claim.name, body)
        self.assertIn("Test washing machine", body)
        self.assertIn("LOT-77", body)
        self.assertIn("A faulty motor coupling.", body)
        self.assertIn(complaint.name, body)
        # the internal assessment note never goes out
        self.assertNotIn("The motor coupling broke.", body)
        self.assertIn(claim.name, message.subject)
        self.assertIn(self.supplier, message.partner_ids)
        # the evidence travels with the mail, as the claim's own copies
        self.assertEqual(message.attachment_ids.mapped("name"), ["drum-photo.jpg"])
        self.assertEqual(message.attachment_ids.res_model, claim._name)
        self.assertSentEmail(
            self.user_agent.partner_id, [self.supplier], subject=message.subject
        )
        # and the complaint's chatter tells the step
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: claim.name in str(m.body) and "sent to" in str(m.body)
            )
        )

    def test_a_supplier_without_email_is_not_sent(self):
        claim = self._claim(
            self._supplier_complaint(), partner_id=self.other_supplier.id
        )
        self.other_supplier.email = False
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            claim.action_send()
        self.assertEqual(claim.state, "draft")

    # ------------------------------------------------------------
    # The supplier's answer
    # ------------------------------------------------------------

    def _record(self, claim, outcome, recovered=None, note=None):
        wizard_form = Form(
            self.env["complaint.supplier.claim.outcome.wizard"]
            .with_user(self.user_agent)
            .with_context(
                mail_notrack=False, **claim.action_open_outcome_wizard()["context"]
            )
        )
        wizard_form.outcome = outcome
        if recovered is not None:
            wizard_form.recovered_amount = recovered
        if note:
            wizard_form.note = note
        wizard_form.save().action_record()

    def test_accepted_recovers_the_whole_amount_with_tracking(self):
        claim = self._sent_claim(100.0)
        self.flush_tracking()
        claim.with_context(mail_notrack=False).action_accept()
        self.flush_tracking()
        self.assertEqual(claim.state, "accepted")
        self.assertEqual(claim.recovered_amount, 100.0)
        self.assertEqual(claim.decided_by_id, self.user_agent)
        self.assertTrue(claim.decided_date)
        tracked = claim.sudo().message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("complaint_management.mt_supplier_claim_accepted")
        )
        self.assertEqual(len(tracked), 1)
        self.assertIn("state", tracked.tracking_value_ids.field_id.mapped("name"))
        self.assertIn(
            "recovered_amount", tracked.tracking_value_ids.field_id.mapped("name")
        )

    def test_partly_accepted(self):
        claim = self._sent_claim(100.0)
        with self.assertRaisesRegex(UserError, "Note what the supplier answered"):
            claim.action_partly_accept(40.0)
        self._record(claim, "partial", 40.0, "Pays for the part, not the labour.")
        self.assertEqual(claim.state, "partial")
        self.assertEqual(claim.recovered_amount, 40.0)
        self.assertEqual(claim.outcome_note, "Pays for the part, not the labour.")

    def test_refused(self):
        claim = self._sent_claim(100.0)
        with self.assertRaisesRegex(UserError, "Note what the supplier answered"):
            claim.action_refuse()
        self._record(claim, "refused", note="Out of the supplier's warranty.")
        self.assertEqual(claim.state, "refused")
        self.assertEqual(claim.recovered_amount, 0.0)
        # answered once: a second answer is refused
        with self.assertRaisesRegex(UserError, "cannot be answered"):
            claim.action_accept()

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_no_claim_without_a_supplier_at_fault(self):
        for fault, assessment in (("company", "justified"), ("supplier", "pending")):
            complaint = self._supplier_complaint(fault=fault, assessment=assessment)
            with self.assertRaisesRegex(UserError, "not assessed with a supplier"):
                complaint.with_user(self.user_agent).action_new_supplier_claim()
            # a create by RPC takes the same check
            with self.assertRaisesRegex(ValidationError, "not assessed with a"):
                self._claim(complaint, partner_id=self.supplier.id)
        complaint = self._supplier_complaint(complaint_product_id=False)
        with self.assertRaisesRegex(ValidationError, "names no product"):
            self._claim(
                complaint,
                partner_id=self.supplier.id,
                product_id=self.claim_product.id,
            )

    def test_a_second_standing_claim_is_refused(self):
        complaint = self._supplier_complaint()
        first = self._claim(complaint)
        with self.assertRaisesRegex(ValidationError, "already has claim"):
            self._claim(complaint)
        # another supplier at fault for the same complaint may be claimed
        self._claim(complaint, partner_id=self.other_supplier.id)
        # once the first is cancelled, a new claim can be opened
        first.action_cancel()
        self._claim(complaint)

    def test_recovered_above_claimed_is_refused(self):
        claim = self._sent_claim(100.0)
        with self.assertRaisesRegex(UserError, "cannot pay back more"):
            claim.action_partly_accept(150.0, "More than claimed")
        with self.assertRaisesRegex(UserError, "buttons"):
            claim.write({"recovered_amount": 150.0})
        # nor is the claim raised after it was sent
        with self.assertRaisesRegex(UserError, "keeps the complaint, supplier"):
            claim.write({"amount": 200.0})
        self.assertEqual(claim.state, "sent")
        self.assertEqual(claim.recovered_amount, 0.0)

    def test_negative_amounts_are_refused(self):
        complaint = self._supplier_complaint()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._claim(complaint, -5.0)
        claim = self._claim(complaint, 0.0)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            claim.amount = -1.0
        with self.assertRaisesRegex(UserError, "Enter the amount to recover"):
            claim.action_send()
        claim.amount = 10.0
        claim.action_send()
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            claim.action_partly_accept(-3.0, "Negative")

    def test_stamps_are_written_by_the_actions_only(self):
        claim = self._claim(self._supplier_complaint())
        for vals in (
            {"state": "accepted"},
            {"decided_by_id": self.user_manager.id},
            {"sent_date": fields.Datetime.now()},
        ):
            with self.assertRaisesRegex(UserError, "buttons"):
                claim.write(vals)
        with self.assertRaisesRegex(UserError, "buttons"):
            self._claim(
                self._supplier_complaint(), state="accepted", recovered_amount=5.0
            )

    def test_another_companys_complaint_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other claim company"})
        self.user_agent.company_ids |= other_company
        complaint = self._supplier_complaint()
        with self.assertRaises(UserError):
            self._claim(
                complaint,
                company_id=other_company.id,
                partner_id=self.other_supplier.id,
            )

    # ------------------------------------------------------------
    # Deadline watch
    # ------------------------------------------------------------

    def test_overdue_answer_is_chased_once(self):
        claim = self._sent_claim(100.0, date_deadline="2026-03-10")
        Claim = self.env["complaint.supplier.claim"]
        with freeze_time("2026-03-10"):
            Claim._cron_supplier_claim_overdue()
        self.assertFalse(claim.activity_ids)
        with freeze_time("2026-03-11"):
            self.assertTrue(claim.overdue)
            self.assertIn(claim, Claim.search([("overdue", "=", True)]))
            Claim._cron_supplier_claim_overdue()
            Claim._cron_supplier_claim_overdue()
        activity = claim.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref(ACTIVITY_OVERDUE))
        self.assertEqual(activity.user_id, self.user_agent)
        self.assertTrue(claim.deadline_notified)
        # a new date is watched anew
        claim.date_deadline = "2026-03-20"
        self.assertFalse(claim.deadline_notified)
        # the answer closes the reminder
        claim.action_accept()
        self.assertFalse(claim.activity_ids)
        self.assertTrue(
            claim.message_ids.mail_activity_type_id & self.env.ref(ACTIVITY_OVERDUE)
        )

    def test_answer_due_soon_is_reminded_once(self):
        # the complaints' lead time: two working days before Tuesday 10 March
        # is Friday 6 March, over the weekend
        self.company.complaint_reminder_days = 2
        claim = self._sent_claim(100.0, date_deadline="2026-03-10")
        draft = self._claim(
            self._supplier_complaint(), 100.0, date_deadline="2026-03-10"
        )
        self.assertEqual(claim.reminder_date, fields.Date.to_date("2026-03-06"))
        Claim = self.env["complaint.supplier.claim"]
        with freeze_time("2026-03-05"):
            Claim._cron_supplier_claim_reminder()
        self.assertFalse(claim.activity_ids)
        with freeze_time("2026-03-06"):
            Claim._cron_supplier_claim_reminder()
            Claim._cron_supplier_claim_reminder()
            Claim._cron_supplier_claim_overdue()
        activity = claim.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref(ACTIVITY_REMINDER))
        self.assertEqual(activity.user_id, self.user_agent)
        self.assertEqual(activity.date_deadline, claim.date_deadline)
        self.assertTrue(claim.reminder_sent)
        self.assertFalse(draft.activity_ids)
        # the lead time follows the company's setting
        self.company.complaint_reminder_days = 1
        self.assertEqual(claim.reminder_date, fields.Date.to_date("2026-03-09"))
        # a new date is reminded anew; the answer closes the reminder
        claim.date_deadline = "2026-03-20"
        self.assertFalse(claim.reminder_sent)
        claim.action_accept()
        self.assertFalse(claim.activity_ids)
        with freeze_time("2026-03-19"):
            Claim._cron_supplier_claim_reminder()
        self.assertFalse(claim.activity_ids)

    # ------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------

    def test_vendor_and_customer_cards_and_summary(self):
        accepted = self._sent_claim(100.0)
        accepted.action_accept()
        partial = self._sent_claim(100.0)
        partial.action_partly_accept(40.0, "Part only")
        self._sent_claim(50.0)  # awaiting the answer
        self._claim(self._supplier_complaint(), 70.0)  # draft: not claimed yet
        supplier = self.supplier.with_user(self.user_agent)
        self.assertEqual(supplier.supplier_claim_count, 3)
        self.assertEqual(supplier.supplier_complaint_count, 4)
        self.assertAlmostEqual(supplier.supplier_claimed_amount, 250.0)
        self.assertAlmostEqual(supplier.supplier_recovered_amount, 140.0)
        # recovered of what was claimed in the answered claims: 140 / 200
        self.assertAlmostEqual(supplier.supplier_recovery_rate, 70.0)
        action = supplier.action_view_supplier_claims()
        self.assertEqual(
            self.env["complaint.supplier.claim"].search_count(action["domain"]), 4
        )
        customer = self.customer.with_user(self.user_agent)
        self.assertAlmostEqual(customer.complaint_supplier_recovered, 140.0)
        self.assertEqual(self.other_supplier.supplier_claim_count, 0)
        # the summary sets what was recovered beside what was granted
        wizard = self.env["complaint.report.wizard"].create(
            {
                "date_from": fields.Date.today(),
                "date_to": fields.Date.today(),
                "company_id": self.company.id,
            }
        )
        self.assertAlmostEqual(wizard._get_summary_data()["supplier_recovered"], 140.0)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.action_report_complaint_summary", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("Recovered from suppliers", html)

    def test_recurring_problem_by_product_shows_the_supplier(self):
        problem = self.env["complaint.recurring.problem"].create(
            {
                "company_id": self.company.id,
                "product_id": self.claim_product.id,
                "ticket_ids": [(6, 0, self._supplier_complaint().ids)],
            }
        )
        self.assertEqual(problem.supplier_id, self.supplier)


@tagged("post_install", "-at_install")
class TestSupplierClaimDemo(ComplaintCase):
    def test_demo_claims_the_washing_machine_from_its_vendor(self):
        claim = self.env.ref("complaint_management.supplier_claim_demo_washing_machine")
        self.assertEqual(
            claim.ticket_id,
            self.env.ref("complaint_management.complaint_demo_washing_machine"),
        )
        self.assertEqual(claim.ticket_id.complaint_fault, "supplier")
        self.assertEqual(
            claim.partner_id,
            self.env.ref("complaint_management.partner_demo_supplier_balkan"),
        )
        self.assertEqual(claim.state, "sent")
        mail = claim.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertIn("Уважаеми", str(mail.body))


@tagged("post_install", "-at_install")
class TestSupplierClaimPortal(HttpCase):
    """A portal customer reaches no supplier claim, whatever the route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, login="portal_claim", groups="base.group_portal"
        )

    def test_portal_user_reads_no_claim_by_rpc(self):
        uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "portal_claim", "portal_claim", {}
        )
        self.assertEqual(uid, self.portal.id)
        for method, args in (
            ("search_read", [[]]),
            ("create", [{"amount": 1.0}]),
        ):
            with (
                self.subTest(method=method),
                mute_logger("odoo.http"),
                self.assertRaisesRegex(Fault, "AccessError|not allowed"),
            ):
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname,
                    uid,
                    "portal_claim",
                    "complaint.supplier.claim",
                    method,
                    args,
                )
        with self.assertRaises(AccessError):
            self.env["complaint.supplier.claim"].with_user(self.portal).search([])


@tagged("post_install", "-at_install")
class TestConcurrentSupplierClaims(RaceCase):
    """Two agents open a claim for the same complaint and supplier at the same
    moment, each in a transaction of its own: one claim results."""

    def setUp(self):
        super().setUp()
        run = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = "complaint_management.group_complaint_user"
            self.agent_a = new_test_user(env, login=f"claim_a_{run}", groups=group).id
            self.agent_b = new_test_user(env, login=f"claim_b_{run}", groups=group).id
            supplier = env["res.partner"].create({"name": f"Vendor {run}"})
            product = env["product.product"].create(
                {
                    "name": f"Product {run}",
                    "seller_ids": [(0, 0, {"partner_id": supplier.id})],
                }
            )
            category = env["helpdesk.ticket.category"].create(
                {"name": f"Claim concurrency {run}", "complaint_kind": "quality"}
            )
            customer = env["res.partner"].create({"name": f"Customer {run}"})
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Concurrent claim",
                    "description": "<p>x</p>",
                    "category_id": category.id,
                    "partner_id": customer.id,
                    "complaint_product_id": product.id,
                    "complaint_assessment": "justified",
                    "complaint_fault": "supplier",
                    "complaint_assessment_note": "Supplier's fault.",
                }
            )
            self.ids = {
                "ticket": ticket.id,
                "supplier": supplier.id,
                "product": product.id,
                "category": category.id,
                "customer": customer.id,
            }
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM complaint_supplier_claim WHERE ticket_id = %s",
                [self.ids["ticket"]],
            )
            claim_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            for model, ids in (
                ("complaint.supplier.claim", claim_ids),
                ("helpdesk.ticket", (self.ids["ticket"],)),
            ):
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    [model, ids],
                )
            cr.execute(
                "DELETE FROM complaint_supplier_claim WHERE id IN %s", [claim_ids]
            )
            cr.execute(
                "DELETE FROM helpdesk_ticket WHERE id = %s", [self.ids["ticket"]]
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["helpdesk.ticket.category"].browse(self.ids["category"]).unlink()
            env["res.users"].browse([self.agent_a, self.agent_b]).action_archive()

    def _create(self, env):
        return env["complaint.supplier.claim"].create(
            {"ticket_id": self.ids["ticket"], "amount": 50.0}
        )

    def test_two_agents_at_once_make_one_claim(self):
        with mute_logger("odoo.sql_db"):
            supplier_id, outcome = self._race(
                self.agent_a,
                self.agent_b,
                lambda env: self._create(env).partner_id.id,
                self._create,
            )
        self.assertEqual(supplier_id, self.ids["supplier"])
        # B waited for A's insert, then hit the database's unique index: told
        # in words, not by the database's error
        self.assertEqual(outcome["result"], "UserError")
        self.assertRegex(
            outcome["message"],
            "Another user has just opened a claim for this complaint against "
            "the same supplier",
        )
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM complaint_supplier_claim WHERE ticket_id = %s",
                [self.ids["ticket"]],
            )
            self.assertEqual(cr.fetchone()[0], 1)


@tagged("post_install", "-at_install")
class TestSupplierClaimViews(SupplierClaimMixin, ComplaintCase):
    """The cards show the figures where a user looks for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_supplier_fixtures(cls)

    def test_partner_form_shows_recovery_on_both_cards(self):
        arch = (
            self.env["res.partner"]
            .with_user(self.user_agent)
            .get_view(self.env.ref("base.view_partner_form").id)["arch"]
        )
        tree = etree.fromstring(arch)
        page = tree.xpath("//page[@name='complaints']")[0]
        # the customer card: recovered beside granted, in the figures
        self.assertTrue(page.xpath(".//field[@name='complaint_supplier_recovered']"))
        self.assertFalse(
            tree.xpath(
                "//div[@name='button_box']//field[@name='complaint_supplier_recovered']"
            )
        )
        # the vendor card: a smart button and a page of figures
        self.assertTrue(tree.xpath("//button[@name='action_view_supplier_claims']"))
        supplier_page = tree.xpath("//page[@name='supplier_claims']")[0]
        for name in (
            "supplier_complaint_count",
            "supplier_claim_count",
            "supplier_claimed_amount",
            "supplier_recovered_amount",
            "supplier_recovery_rate",
        ):
            self.assertTrue(supplier_page.xpath(f".//field[@name='{name}']"), name)

    def test_complaint_form_offers_the_claim(self):
        arch = (
            self.env["helpdesk.ticket"]
            .with_user(self.user_agent)
            .get_view(self.env.ref("helpdesk_mgmt.ticket_view_form").id)["arch"]
        )
        tree = etree.fromstring(arch)
        self.assertTrue(tree.xpath("//button[@name='action_new_supplier_claim']"))
        self.assertTrue(tree.xpath("//button[@name='action_view_supplier_claims']"))
