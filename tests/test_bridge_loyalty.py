"""complaint_management_loyalty: store credit on the eWallet or a gift card,
discount coupons, issued when the customer accepts the compensation."""

import re
import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.complaint_management_loyalty import uninstall_hook

from .common import RaceCase
from .test_compensation import CompensationCase


def _program(env, name, program_type, company, **values):
    vals = {"name": name, "program_type": program_type, "company_id": company.id}
    vals.update(values)
    return env["loyalty.program"].create(vals)


@tagged("post_install", "-at_install")
class TestBridgeLoyalty(CompensationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ewallet = _program(cls.env, "Test eWallet", "ewallet", cls.company)
        cls.gift_card = _program(cls.env, "Test gift cards", "gift_card", cls.company)
        # a coupon worth its points in money: one point, one unit off
        cls.voucher = _program(
            cls.env, "Test goodwill vouchers", "coupons", cls.company
        )
        cls.voucher.reward_ids = [
            fields.Command.clear(),
            fields.Command.create(
                {
                    "reward_type": "discount",
                    "discount_mode": "per_point",
                    "discount": 1,
                    "discount_applicability": "order",
                    "required_points": 1,
                }
            ),
        ]
        # Odoo's default coupon: 10 % off, one point
        cls.ten_percent = _program(cls.env, "Test 10 % coupons", "coupons", cls.company)
        cls.company.complaint_store_credit_program_id = cls.ewallet

    def _accepted(self, amount, compensation_type="store_credit", **values):
        values.setdefault("description", "Store credit for your next purchase.")
        compensation = self._compensation(
            amount, compensation_type=compensation_type, **values
        )
        compensation.action_submit()
        if compensation.state == "to_approve":
            compensation.with_user(self.user_senior).action_approve()
        compensation.action_offer()
        compensation.with_user(self.user_agent).action_accept()
        return compensation.with_env(self.env)

    def _cards(self, program, partner=None):
        return self.env["loyalty.card"].search(
            [
                ("program_id", "=", program.id),
                ("partner_id", "=", (partner or self.customer).id),
            ]
        )

    # ------------------------------------------------------------
    # Store credit
    # ------------------------------------------------------------

    def test_store_credit_tops_up_the_customers_ewallet(self):
        self.assertFalse(self._cards(self.ewallet))
        first = self._accepted(40)
        self.assertEqual(first.loyalty_program_id, self.ewallet)
        self.assertEqual(first.state, "done")
        self.assertTrue(first.done_date)
        wallet = self._cards(self.ewallet)
        self.assertEqual(len(wallet), 1)
        self.assertEqual(first.loyalty_card_id, wallet)
        self.assertEqual(wallet.points, 40)
        self.assertEqual(first.loyalty_points_issued, 40)
        history = wallet.history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.issued, 40)
        self.assertEqual(history.order_model, "complaint.compensation")
        self.assertEqual(history.order_id, first.id)
        self.assertIn(self.complaint.complaint_ref, history.description)
        self.assertEqual(history._get_order_portal_url(), first.access_url)
        self.assertEqual(first.loyalty_code_status, "valid")
        # delivered at once: nobody is asked to deliver it
        self.assertFalse(
            first.activity_ids.filtered(lambda a: "accepted" in (a.summary or ""))
        )
        # a second compensation adds to the same eWallet
        second = self._accepted(25)
        self.assertEqual(second.loyalty_card_id, wallet)
        self.assertEqual(wallet.points, 65)
        self.assertEqual(first.loyalty_points_left, 65)

    def test_granted_once_the_card_is_credited(self):
        credited = self._accepted(40)
        self.assertEqual(credited.granted_amount, 40)
        # a store credit set delivered by hand (the guard bypassed), with no
        # card credited, grants nothing
        forged = self._compensation(30, compensation_type="store_credit")
        forged._set_workflow_values({"state": "done"})
        self.assertEqual(forged.granted_amount, 0)
        self.complaint.invalidate_recordset()
        self.customer.invalidate_recordset()
        self.assertEqual(self.complaint.compensation_granted_amount, 40)
        self.assertEqual(self.customer.complaint_compensation_total, 40)

    def test_uninstall_leaves_the_history_readable(self):
        compensation = self._accepted(40)
        history = compensation.loyalty_card_id.history_ids
        uninstall_hook(self.env)
        self.assertFalse(history.order_model)
        self.assertFalse(history.order_id)
        self.assertIn(self.complaint.complaint_ref, history.description)
        self.assertFalse(history._get_order_portal_url())

    def test_double_acceptance_or_fulfilment_adds_nothing(self):
        compensation = self._accepted(40)
        wallet = compensation.loyalty_card_id
        with self.assertRaises(UserError):
            compensation.action_accept()
        compensation._complaint_fulfil()
        compensation._complaint_issue_loyalty_card()
        self.assertEqual(wallet.points, 40)
        self.assertEqual(len(wallet.history_ids), 1)
        self.assertEqual(len(self._cards(self.ewallet)), 1)

    def test_store_credit_in_a_foreign_currency_is_converted(self):
        # 1 company unit = 2 foreign units: 60 foreign is 30 on the eWallet
        compensation = self._accepted(60, currency_id=self.foreign.id)
        self.assertEqual(compensation.loyalty_card_id.points, 30)

    def test_gift_card_instead_of_the_ewallet(self):
        compensation = self._accepted(30, loyalty_program_id=self.gift_card.id)
        card = compensation.loyalty_card_id
        self.assertEqual(card.program_id, self.gift_card)
        self.assertEqual(card.partner_id, self.customer)
        self.assertEqual(card.points, 30)
        self.assertEqual(compensation.state, "done")
        self.assertFalse(self._cards(self.ewallet))
        # a second gift card is another card
        other = self._accepted(20, loyalty_program_id=self.gift_card.id)
        self.assertNotEqual(other.loyalty_card_id, card)
        self.assertEqual(card.points, 30)

    def test_company_default_is_proposed_else_its_first_ewallet(self):
        compensation = self._compensation(10, compensation_type="store_credit")
        self.assertEqual(compensation.loyalty_program_id, self.ewallet)
        self.company.complaint_store_credit_program_id = False
        first_ewallet = self.env["loyalty.program"].search(
            [
                ("program_type", "=", "ewallet"),
                ("company_id", "in", (self.company.id, False)),
            ],
            order="sequence, id",
            limit=1,
        )
        compensation = self._compensation(10, compensation_type="store_credit")
        self.assertEqual(compensation.loyalty_program_id, first_ewallet)
        refund = self._compensation(10, compensation_type="refund")
        self.assertFalse(refund.loyalty_program_id)

    def test_archived_program_leaves_delivery_to_the_agent(self):
        compensation = self._compensation(10, compensation_type="store_credit")
        compensation.action_submit()
        compensation.action_offer()
        self.ewallet.action_archive()
        compensation.action_accept()
        self.assertEqual(compensation.state, "accepted")
        self.assertFalse(compensation.loyalty_card_id)

    def test_no_program_leaves_delivery_to_the_agent(self):
        compensation = self._accepted(
            15, compensation_type="discount", description="10 % off next time."
        )
        self.assertFalse(compensation.loyalty_program_id)
        self.assertFalse(compensation.loyalty_card_id)
        if "move_id" in compensation._fields:
            # with the accounting bridge, a credit note delivers the discount
            self.assertEqual(compensation._complaint_remedy_document(), "credit_note")
            self.assertTrue(compensation.move_id)
            return
        self.assertEqual(compensation.state, "accepted")
        self.assertFalse(compensation._complaint_delivered_by_document())
        compensation.action_done()
        self.assertEqual(compensation.state, "done")

    # ------------------------------------------------------------
    # Discount coupons
    # ------------------------------------------------------------

    def test_discount_with_a_coupon_program_is_a_single_use_coupon(self):
        compensation = self._accepted(
            35, compensation_type="discount", loyalty_program_id=self.voucher.id
        )
        coupon = compensation.loyalty_card_id
        self.assertEqual(coupon.program_id, self.voucher)
        self.assertEqual(coupon.partner_id, self.customer)
        self.assertEqual(coupon.points, 35)
        self.assertEqual(compensation.state, "done")
        self.assertTrue(compensation._complaint_delivered_by_document())
        self.assertEqual(compensation.loyalty_code, coupon.code)
        self.assertEqual(compensation.loyalty_code_status, "valid")
        # a percentage coupon holds one reward's points
        percent = self._accepted(
            10, compensation_type="discount", loyalty_program_id=self.ten_percent.id
        )
        self.assertEqual(percent.loyalty_card_id.points, 1)
        self.assertNotEqual(percent.loyalty_card_id, coupon)

    def test_used_and_expired_codes_show_on_the_compensation(self):
        compensation = self._accepted(
            10, compensation_type="discount", loyalty_program_id=self.ten_percent.id
        )
        coupon = compensation.loyalty_card_id
        coupon.expiration_date = fields.Date.today() + timedelta(days=30)
        self.assertEqual(compensation.loyalty_expiration_date, coupon.expiration_date)
        self.assertEqual(compensation.loyalty_code_status, "valid")
        coupon.expiration_date = fields.Date.today() - timedelta(days=1)
        self.assertEqual(compensation.loyalty_code_status, "expired")
        coupon.expiration_date = False
        self.ten_percent.date_to = fields.Date.today() - timedelta(days=1)
        self.assertEqual(compensation.loyalty_expiration_date, self.ten_percent.date_to)
        self.assertEqual(compensation.loyalty_code_status, "expired")
        self.ten_percent.date_to = False
        self.assertEqual(compensation.loyalty_code_status, "valid")
        coupon.points = 0
        self.assertEqual(compensation.loyalty_code_status, "used")
        wallet_credit = self._accepted(20)
        self.assertEqual(wallet_credit.loyalty_code_status, "valid")
        wallet_credit.loyalty_card_id.points = 0
        self.assertEqual(wallet_credit.loyalty_code_status, "used")
        self.assertEqual(wallet_credit.loyalty_points_left, 0)

    def test_program_must_fit_the_type(self):
        with self.assertRaisesRegex(ValidationError, "cannot deliver"):
            self._compensation(
                10, compensation_type="store_credit", loyalty_program_id=self.voucher.id
            )
        with self.assertRaisesRegex(ValidationError, "cannot deliver"):
            self._compensation(
                10, compensation_type="discount", loyalty_program_id=self.ewallet.id
            )
        with self.assertRaisesRegex(ValidationError, "neither"):
            self.company.complaint_store_credit_program_id = self.voucher

    def test_changing_the_program_after_approval_sends_back_to_approval(self):
        compensation = self._compensation(10, compensation_type="store_credit")
        compensation.action_submit()
        compensation.action_offer()
        compensation.loyalty_program_id = self.gift_card
        self.assertEqual(compensation.state, "to_approve")
        self.assertFalse(compensation.approver_id)
        declined = self._compensation(10, compensation_type="store_credit")
        declined.action_submit()
        declined.action_offer()
        declined.action_decline()
        with self.assertRaisesRegex(UserError, "cannot change"):
            declined.loyalty_program_id = self.gift_card
        self.assertEqual(declined.loyalty_program_id, self.ewallet)

    # ------------------------------------------------------------
    # Mail, cancellation, stamps, companies
    # ------------------------------------------------------------

    def test_mail_tells_the_code_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref(
            "complaint_management_loyalty.mail_template_complaint_loyalty_code"
        )
        template.update_field_translations(
            "subject",
            {"fr_FR": "Votre code pour la réclamation {{ object.complaint_ref }}"},
        )
        # mail templates translate their body as a whole
        template.update_field_translations(
            "body_html",
            {
                "fr_FR": template.body_html.replace(
                    "Your balance is now", "Votre solde est maintenant de"
                ).replace("Dear", "Chère")
            },
        )
        french = self.env["res.partner"].create(
            {"name": "Claire Dupont", "email": "claire@example.com", "lang": "fr_FR"}
        )
        for customer, subject, sentence in (
            (self.customer, "Your code for complaint", "Your balance is now"),
            (french, "Votre code pour la réclamation", "Votre solde est maintenant"),
        ):
            self.complaint.partner_id = customer
            with self.mock_mail_gateway():
                compensation = self._accepted(40)
            mails = self._new_mails.filtered(lambda m, c=customer: c in m.recipient_ids)
            code = compensation.loyalty_code
            code_mail = mails.filtered(lambda m, code=code: code in m.body_html)
            self.assertEqual(len(code_mail), 1, customer.name)
            self.assertIn(subject, code_mail.subject)
            self.assertIn(self.complaint.complaint_ref, code_mail.subject)
            self.assertIn(sentence, code_mail.body_html)
            self.assertIn(compensation.access_url, code_mail.body_html)
            self.assertEqual(code_mail.author_id, self.user_agent.partner_id)

    def test_cancel_refused_once_the_code_is_issued(self):
        compensation = self._accepted(40)
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            compensation._complaint_before_cancel()
        with self.assertRaises(UserError):
            compensation.action_cancel()
        self.assertEqual(compensation.state, "done")
        # an offered store credit has no card yet: it can be cancelled
        offered = self._compensation(10, compensation_type="store_credit")
        offered.action_submit()
        offered.action_offer()
        offered.action_cancel()
        self.assertEqual(offered.state, "cancel")

    def test_card_stamps_and_issued_program_cannot_be_written(self):
        compensation = self._accepted(40)
        wallet = compensation.loyalty_card_id
        other = self.env["loyalty.card"].create({"program_id": self.gift_card.id})
        with self.assertRaisesRegex(UserError, "never written directly"):
            compensation.loyalty_card_id = other
        with self.assertRaisesRegex(UserError, "never written directly"):
            compensation.loyalty_points_issued = 400
        with self.assertRaisesRegex(UserError, "no longer change"):
            compensation.loyalty_program_id = self.gift_card
        self.assertEqual(compensation.loyalty_card_id, wallet)
        self.assertEqual(compensation.loyalty_points_issued, 40)

    def test_another_companys_program_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        foreign_wallet = _program(self.env, "Other eWallet", "ewallet", other_company)
        self.user_agent.company_ids |= other_company
        compensation = self._compensation(10, compensation_type="store_credit")
        with self.assertRaises(UserError):
            compensation.loyalty_program_id = foreign_wallet
        with self.assertRaises(UserError):
            self._compensation(
                10,
                compensation_type="store_credit",
                loyalty_program_id=foreign_wallet.id,
            )
        with self.assertRaisesRegex(ValidationError, "belongs to Other Shop"):
            self.company.complaint_store_credit_program_id = foreign_wallet
        # the default of a company is never another company's eWallet
        self.company.complaint_store_credit_program_id = False
        self.env["loyalty.program"].search(
            [("program_type", "=", "ewallet"), ("id", "!=", foreign_wallet.id)]
        ).action_archive()
        compensation = self._compensation(10, compensation_type="store_credit")
        self.assertFalse(compensation.loyalty_program_id)

    def test_agent_reads_the_card_without_loyalty_rights(self):
        compensation = self._accepted(40)
        as_agent = compensation.with_user(self.user_agent)
        as_agent.invalidate_recordset()
        self.assertFalse(self.user_agent.has_group("base.group_system"))
        self.assertEqual(as_agent.loyalty_code, compensation.loyalty_card_id.code)
        self.assertEqual(
            as_agent.loyalty_card_id.display_name.split(": ")[0], "Test eWallet"
        )
        self.assertEqual(as_agent.loyalty_code_status, "valid")
        # the card behind the remedy, as smart buttons of the compensation and
        # of the complaint, opens read-only for the agent, its history too
        card = compensation.loyalty_card_id
        action = as_agent.action_view_loyalty_card()
        self.assertEqual((action["res_model"], action["res_id"]), (card._name, card.id))
        ticket = self.complaint.with_user(self.user_agent)
        self.assertEqual(ticket.complaint_loyalty_card_count, 1)
        self.assertEqual(
            ticket.action_view_complaint_loyalty_cards()["res_id"], card.id
        )
        Card = self.env["loyalty.card"].with_user(self.user_agent)
        Card.get_views([(False, "form")])
        self.assertEqual(
            Card.browse(card.id).history_ids.mapped("issued"), [40], "history read"
        )
        # the form opens and the program can be chosen, within the company
        as_agent.get_views([(False, "form"), (False, "list")])
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        foreign_wallet = _program(
            self.env, "Test eWallet abroad", "ewallet", other_company
        )
        Program = self.env["loyalty.program"].with_user(self.user_agent)
        found = [pid for pid, _name in Program.name_search("Test eWallet")]
        self.assertIn(self.ewallet.id, found)
        self.assertNotIn(foreign_wallet.id, found)


@tagged("post_install", "-at_install")
class TestBridgeLoyaltyPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env,
            login="wallet_owner",
            name="Wanda Wallet",
            email="wanda@example.com",
            groups="base.group_portal",
        )
        cls.ewallet = _program(cls.env, "Portal eWallet", "ewallet", cls.env.company)
        cls.env.company.complaint_store_credit_program_id = cls.ewallet
        cls.env["complaint.approval.limit"].create(
            {"user_id": cls.env.uid, "amount": 1000}
        )
        category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal store credit", "complaint_kind": "quality"}
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Late delivery",
                "description": "<p>Two weeks late.</p>",
                "category_id": category.id,
                "partner_id": cls.owner.partner_id.id,
            }
        )
        cls.complaint.action_complaint_register()
        cls.compensation = cls.env["complaint.compensation"].create(
            {
                "ticket_id": cls.complaint.id,
                "compensation_type": "store_credit",
                "amount": 45,
                "description": "45 on your eWallet for the wait.",
            }
        )
        cls.compensation.action_submit()
        cls.compensation.action_offer()

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return re.search(r'name="csrf_token"\s+value="([^"]+)"', response.text).group(1)

    @mute_logger("odoo.http")
    def test_portal_acceptance_credits_the_ewallet_and_shows_the_code(self):
        self.authenticate("wallet_owner", "wallet_owner")
        page_url = f"/my/compensation/{self.compensation.id}"
        self.assertNotIn('data-id="loyalty_code"', self.url_open(page_url).text)
        csrf = self._csrf(page_url)
        response = self.url_open(
            f"{page_url}/accept", data={"csrf_token": csrf, "comment": ""}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.compensation.state, "done")
        wallet = self.compensation.loyalty_card_id
        self.assertEqual(wallet.program_id, self.ewallet)
        self.assertEqual(wallet.partner_id, self.owner.partner_id)
        self.assertEqual(wallet.points, 45)
        # the code mail comes from the company, not from the customer
        # on the complaint: the customer finds it in its portal conversation
        self.assertFalse(
            self.compensation.message_ids.filtered(
                lambda m: self.owner.partner_id in m.partner_ids
                and wallet.code in str(m.body)
            )
        )
        code_mail = self.compensation.ticket_id.message_ids.filtered(
            lambda m: m.message_type == "comment" and wallet.code in str(m.body)
        )
        self.assertEqual(len(code_mail), 1)
        # a public comment: the portal conversation shows it
        self.assertFalse(code_mail.subtype_id.internal)
        self.assertEqual(code_mail.author_id, self.env.company.partner_id)
        self.assertIn(self.owner.partner_id, code_mail.partner_ids)
        page = self.url_open(page_url)
        self.assertIn(wallet.code, page.text)
        self.assertIn('data-id="loyalty_code"', page.text)
        self.assertIn("Credited to your eWallet", page.text)
        # accepting again is refused and credits nothing
        response = self.url_open(
            f"{page_url}/accept", data={"csrf_token": self._csrf("/my")}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(wallet.points, 45)
        self.assertEqual(len(wallet.history_ids), 1)


@tagged("post_install", "-at_install")
class TestBridgeLoyaltyConcurrency(RaceCase):
    """A customer accepts two store credits at the same moment, each in a
    transaction of its own: one eWallet, credited twice."""

    def setUp(self):
        super().setUp()
        run = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.agent_id = new_test_user(
                env,
                login=f"wallet_agent_{run}",
                email=f"wallet_agent_{run}@example.com",
                groups="complaint_management.group_complaint_user",
            ).id
            self.limit_id = (
                env["complaint.approval.limit"]
                .create({"user_id": self.agent_id, "amount": 1000})
                .id
            )
            self.program_id = _program(
                env, f"Concurrent eWallet {run}", "ewallet", env.company
            ).id
            category = env["helpdesk.ticket.category"].create(
                {"name": f"Concurrent wallet {run}", "complaint_kind": "quality"}
            )
            self.category_id = category.id
            self.customer_id = (
                env["res.partner"]
                .create({"name": "Wally Wallet", "email": f"wally_{run}@example.com"})
                .id
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Two late deliveries",
                    "description": "<p>x</p>",
                    "category_id": category.id,
                    "partner_id": self.customer_id,
                }
            )
            ticket.action_complaint_register()
            self.ticket_id = ticket.id
            compensations = (
                env["complaint.compensation"]
                .with_user(self.agent_id)
                .create(
                    [
                        {
                            "ticket_id": ticket.id,
                            "compensation_type": "store_credit",
                            "loyalty_program_id": self.program_id,
                            "amount": amount,
                        }
                        for amount in (30, 12)
                    ]
                )
            )
            compensations.action_submit()
            compensations.action_offer()
            self.compensation_ids = compensations.ids
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            for model, ids in (
                ("complaint.compensation", self.compensation_ids),
                ("helpdesk.ticket", [self.ticket_id]),
            ):
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s",
                    [model, tuple(ids)],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    [model, tuple(ids)],
                )
            cr.execute(
                "DELETE FROM complaint_compensation WHERE id IN %s",
                [tuple(self.compensation_ids)],
            )
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [self.ticket_id])
            cr.execute(
                "DELETE FROM loyalty_card WHERE program_id = %s", [self.program_id]
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["loyalty.program"].browse(self.program_id)
            program.action_archive()
            program.unlink()
            env["complaint.approval.limit"].browse(self.limit_id).unlink()
            env["helpdesk.ticket.category"].browse(self.category_id).unlink()
            env["res.partner"].browse(self.customer_id).action_archive()
            env["res.users"].browse(self.agent_id).action_archive()

    @staticmethod
    def _accepting(compensation_id):
        def accept(env):
            env["complaint.compensation"].browse(compensation_id).action_accept()

        return accept

    @mute_logger("odoo.sql_db")
    def test_two_store_credits_at_once_make_one_ewallet(self):
        first, second = self.compensation_ids
        # A opens the eWallet, uncommitted; B accepts the other one meanwhile
        _result, outcome = self._race(
            self.agent_id,
            self.agent_id,
            self._accepting(first),
            self._accepting(second),
        )
        self.assertEqual(outcome["result"], "SerializationFailure")
        # Odoo retries a request that failed to serialise: the retry finds
        # the eWallet and credits it
        retry = self._act_once(self.agent_id, self._accepting(second))
        self.assertEqual(retry["result"], "done")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cards = env["loyalty.card"].search([("program_id", "=", self.program_id)])
            self.assertEqual(len(cards), 1)
            self.assertEqual(cards.points, 42)
            self.assertEqual(sorted(cards.history_ids.mapped("issued")), [12, 30])
            compensations = env["complaint.compensation"].browse(self.compensation_ids)
            self.assertEqual(compensations.mapped("state"), ["done", "done"])
            self.assertEqual(compensations.loyalty_card_id, cards)


@tagged("post_install", "-at_install")
class TestBridgeLoyaltyTour(HttpCase):
    def test_agent_turns_store_credit_into_a_gift_card(self):
        agent = self.env.ref("base.user_demo")
        company = agent.company_id
        ewallet = _program(self.env, "Tour eWallet", "ewallet", company)
        gift_cards = _program(self.env, "Tour gift cards", "gift_card", company)
        _program(self.env, "Tour coupons", "coupons", company)
        company.complaint_store_credit_program_id = ewallet
        company.complaint_four_eyes_amount = 0
        self.env["complaint.approval.limit"].create(
            {"user_id": agent.id, "amount": 1000, "company_id": company.id}
        )
        customer = self.env["res.partner"].create(
            {"name": "Gina Gift", "email": "gina@example.com"}
        )
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Tour: blender arrived broken",
                "description": "<p>Broken jug.</p>",
                "partner_id": customer.id,
                "company_id": company.id,
                "category_id": self.env.ref(
                    "complaint_management.category_complaint_quality_defect"
                ).id,
            }
        )
        complaint.action_complaint_register()
        compensation = (
            self.env["complaint.compensation"]
            .with_user(agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "store_credit",
                    "amount": 60,
                    "description": "A gift card for your next blender.",
                }
            )
        )
        self.start_tour(
            "/odoo/action-complaint_management.action_complaint_compensation/"
            f"{compensation.id}",
            "complaint_management_loyalty_gift_card",
            login=agent.login,
            timeout=180,
        )
        card = compensation.loyalty_card_id
        self.assertEqual(compensation.state, "done")
        self.assertEqual(card.program_id, gift_cards)
        self.assertEqual(card.partner_id, customer)
        self.assertEqual(card.points, 60)
