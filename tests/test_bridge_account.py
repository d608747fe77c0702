import ast
import uuid

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import RaceCase
from .common_account import AccountComplaintCase


@tagged("post_install", "-at_install")
class TestBridgeAccount(AccountComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 2 x 100.00 + 10% tax: the line's total is 220.00
        cls.invoice = cls._posted_invoice()
        cls.invoice_line = cls.invoice.invoice_line_ids

    def _complaint_on_invoice(self, **values):
        complaint = self._registered_complaint(
            complaint_invoice_id=self.invoice.id,
            complaint_invoice_line_id=self.invoice_line.id,
            **values,
        )
        return complaint

    # ------------------------------------------------------------
    # The purchase on the complaint
    # ------------------------------------------------------------

    def test_complaint_shows_the_purchase(self):
        complaint = self._complaint_on_invoice()
        self.assertEqual(complaint.complaint_amount_paid, 220.0)
        self.assertEqual(complaint.complaint_invoice_currency_id, self.currency)
        self.assertEqual(self.invoice.complaint_count, 1)
        action = self.invoice.action_view_complaints()
        self.assertEqual(action["res_id"], complaint.id)

    def test_another_customers_invoice_is_refused(self):
        other_invoice = self._posted_invoice(partner=self.other_customer)
        complaint = self._registered_complaint()
        with self.assertRaisesRegex(ValidationError, "not to the customer"):
            complaint.complaint_invoice_id = other_invoice

    def test_another_companys_invoice_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other company"})
        complaint = self._registered_complaint()
        complaint.sudo().company_id = other_company
        with self.assertRaises(UserError):
            complaint.complaint_invoice_id = self.invoice

    def test_a_line_of_another_invoice_is_refused(self):
        other_invoice = self._posted_invoice()
        complaint = self._complaint_on_invoice()
        with self.assertRaisesRegex(ValidationError, "must belong to its invoice"):
            complaint.complaint_invoice_line_id = other_invoice.invoice_line_ids

    # ------------------------------------------------------------
    # The credit note
    # ------------------------------------------------------------

    def test_accepted_refund_reverses_the_invoice_line(self):
        # the customer paid the invoice: the refund is money to pay back
        self._register_payment(self.invoice)
        complaint = self._complaint_on_invoice()
        # 150 is above the agent's limit (100): the manager approves it
        compensation = self._compensation(complaint, 150)
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        self.assertFalse(compensation.move_id)
        compensation.with_user(self.user_manager).action_approve()
        compensation.action_offer()
        self.assertFalse(compensation.move_id)
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        self.assertTrue(move)
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.partner_id, self.customer)
        self.assertEqual(move.reversed_entry_id, self.invoice)
        self.assertEqual(move.currency_id, self.invoice.currency_id)
        self.assertEqual(move.amount_total, 150.0)
        self.assertEqual(len(move.invoice_line_ids), 1)
        line = move.invoice_line_ids
        self.assertEqual(line.product_id, self.product)
        self.assertEqual(line.tax_ids, self.tax)
        self.assertEqual(line.account_id, self.invoice_line.account_id)
        self.assertEqual(compensation.invoice_line_id, self.invoice_line)
        # by default the company leaves it for the accountant to post
        self.assertEqual(move.state, "draft")
        self.assertEqual(compensation.state, "accepted")
        self.assertEqual(complaint.complaint_credit_note_count, 1)
        with self.assertRaisesRegex(UserError, "delivered by its document"):
            compensation.action_done()

        move.with_user(self.user_accountant).action_post()
        self.assertEqual(compensation.state, "done")
        self.assertTrue(compensation.done_date)
        self.assertFalse(compensation.paid_date)
        # the customer is told on the complaint: the mail is in the portal
        # conversation, not on the compensation they do not follow
        self.assertFalse(
            compensation.message_ids.filtered(lambda m: move.name in (m.subject or ""))
        )
        mail = complaint.message_ids.filtered(lambda m: move.name in (m.subject or ""))
        self.assertEqual(len(mail), 1, "the customer is told the credit note's number")
        self.assertIn(self.customer, mail.partner_ids)
        self.assertIn(self.invoice.name, mail.body)
        self.assertIn(complaint.complaint_ref, mail.subject)
        self.assertEqual(mail.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertFalse(mail.subtype_id.internal)
        # posting again (a reset and repost) changes nothing
        move.button_draft()
        move.action_post()
        self.assertEqual(
            len(
                complaint.message_ids.filtered(lambda m: move.name in (m.subject or ""))
            ),
            1,
        )

        self._register_payment(move)
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        self.assertTrue(compensation.paid_date)

    def test_credit_note_on_an_unpaid_invoice_is_paid_by_it(self):
        # Odoo reconciles a posted reversal with its open invoice: the
        # customer owes less, the credit is settled at once
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 60)
        compensation.action_accept()
        compensation.move_id.with_env(self.env).action_post()
        self.assertEqual(compensation.state, "done")
        self.assertEqual(compensation.move_id.with_env(self.env).payment_state, "paid")
        self.assertTrue(compensation.paid_date)
        self.assertEqual(compensation.move_id.with_env(self.env).amount_total, 60.0)
        self.assertEqual(self.invoice.amount_residual, 160.0)

    def test_full_refund_takes_the_lines_quantity_and_price(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 220)
        compensation.action_accept()
        line = compensation.move_id.with_env(self.env).invoice_line_ids
        self.assertEqual(line.quantity, 2)
        self.assertEqual(line.price_unit, 100.0)
        self.assertEqual(compensation.move_id.with_env(self.env).amount_total, 220.0)

    def test_amount_whose_tax_rounds_away_is_credited_exactly(self):
        complaint = self._complaint_on_invoice()
        # 10% tax: no price of two decimals gives 60.00 (54.54 + 5.45 =
        # 59.99, 54.55 + 5.46 = 60.01); the last cent goes on the tax
        compensation = self._offered(complaint, 60)
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        self.assertEqual(move.amount_total, 60.0)
        self.assertEqual(move.amount_untaxed, 54.54)
        move.action_post()
        self.assertEqual(move.amount_total, 60.0)

    def test_company_posts_at_once(self):
        self.company.complaint_post_credit_notes = True
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 50, compensation_type="discount")
        compensation.action_accept()
        self.assertEqual(compensation.move_id.with_env(self.env).state, "posted")
        self.assertEqual(compensation.state, "done")

    def test_more_than_invoiced_is_refused(self):
        complaint = self._complaint_on_invoice()
        compensation = self._compensation(complaint, 230)
        compensation.action_submit()
        compensation.with_user(self.user_manager).action_approve()
        with self.assertRaisesRegex(UserError, "more than what is left to credit"):
            compensation.action_offer()
        # what an earlier credit note gave back is no longer available
        first = self._offered(complaint, 150)
        first.action_accept()
        second = self._compensation(complaint, 80)
        second.action_submit()
        self.assertEqual(second.state, "approved")
        with self.assertRaisesRegex(UserError, "more than what is left to credit"):
            second.action_offer()

    def test_second_credit_note_is_refused(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 60)
        compensation.action_accept()
        with self.assertRaisesRegex(UserError, "already has its credit note"):
            compensation._complaint_fulfil()
        with self.assertRaisesRegex(UserError, "cannot be accepted"):
            compensation.action_accept()
        credit_notes = self.env["account.move"].search(
            [("reversed_entry_id", "=", self.invoice.id)]
        )
        self.assertEqual(credit_notes, compensation.move_id)

    def test_credit_note_link_is_written_by_the_workflow_only(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 60)
        with self.assertRaises(UserError):
            compensation.move_id = self.invoice

    def test_cancel_removes_a_draft_credit_note(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 60)
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        compensation.action_cancel()
        self.assertEqual(compensation.state, "cancel")
        self.assertFalse(move.exists())
        self.assertFalse(compensation.move_id)

    def test_cancel_with_a_posted_credit_note_is_refused(self):
        self.company.complaint_post_credit_notes = True
        self._register_payment(self.invoice)
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 60)
        compensation.action_accept()
        self.assertEqual(compensation.state, "done")
        with self.assertRaisesRegex(UserError, "reverse the credit note first"):
            compensation.action_cancel()
        self.assertEqual(compensation.state, "done")
        # the accountant reverses the credit note with Odoo's wizard
        move = compensation.move_id.with_env(self.env)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "Cancelled"})
        )
        reversal.refund_moves()
        with self.assertRaisesRegex(UserError, "reverse the credit note first"):
            compensation.action_cancel()
        reversal.new_move_ids.action_post()
        self.assertEqual(reversal.new_move_ids.reversed_entry_id, move)
        self.assertFalse(compensation.paid_date)
        compensation.action_cancel()
        self.assertEqual(compensation.state, "cancel")
        self.assertEqual(compensation.move_id, move, "the posted history stays")

    def test_editing_past_the_approved_amount_is_refused(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 110)
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        line = move.invoice_line_ids
        with self.assertRaisesRegex(ValidationError, "cannot give more"):
            move.with_user(self.user_accountant).write(
                {"invoice_line_ids": [Command.update(line.id, {"price_unit": 150})]}
            )
            self.env.flush_all()
        # less than approved is the accountant's call
        move.write({"invoice_line_ids": [Command.update(line.id, {"price_unit": 50})]})
        self.env.flush_all()
        self.assertEqual(move.amount_total, 55.0)

    # ------------------------------------------------------------
    # Figures: granted is what the credit note gives, once posted
    # ------------------------------------------------------------

    def _granted_figures(self, complaint):
        """Granted on the complaint, the customer card, the overview card of
        its category, the summary report and the regulatory return."""
        self.env.invalidate_all()
        wizard = self.env["complaint.return.wizard"].create({})
        # the period's complaints of this one's customer: no demo data
        domain = [*wizard._get_domain(), ("id", "=", complaint.id)]
        return {
            "complaint": complaint.compensation_granted_amount,
            "card": self.customer.complaint_compensation_total,
            "card_recent": self.customer.complaint_compensation_recent,
            "overview": complaint.category_id.complaint_cost_month,
            "summary": wizard._compensation_cost(domain),
            "return": sum(g for g, _paid in wizard._return_redress(domain).values()),
        }

    def _assert_granted(self, complaint, amount):
        figures = self._granted_figures(complaint)
        self.assertEqual(figures, dict.fromkeys(figures, amount))

    def test_granted_figures_come_from_the_posted_credit_note(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 110)
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        self.assertEqual(move.state, "draft")
        # accepted, its credit note a draft: nothing is granted yet
        self._assert_granted(complaint, 0.0)
        # a state set by hand (the guard bypassed) is no fact either
        compensation._set_workflow_values({"state": "done"})
        self._assert_granted(complaint, 0.0)
        compensation._set_workflow_values({"state": "accepted"})
        # the accountant credits less than approved, then posts: the credit
        # note's amount is what was granted
        line = move.invoice_line_ids
        move.write({"invoice_line_ids": [Command.update(line.id, {"price_unit": 50})]})
        move.with_user(self.user_accountant).action_post()
        self.assertEqual(compensation.state, "done")
        self.assertEqual(compensation.granted_amount, 55.0)
        self._assert_granted(complaint, 55.0)
        # a posted reversal undoes the credit note: nothing granted any more
        reversal = move._reverse_moves()
        reversal.action_post()
        self.assertTrue(compensation.move_reversed)
        self._assert_granted(complaint, 0.0)

    def test_credited_on_complaints_by_product_kind_and_type(self):
        self.company.complaint_post_credit_notes = True
        complaint = self._complaint_on_invoice()
        self._offered(complaint, 110).action_accept()
        self._offered(complaint, 55, compensation_type="discount").action_accept()
        self.company.complaint_post_credit_notes = False
        self._offered(complaint, 22).action_accept()  # a draft: not credited yet
        action = self.env.ref(
            "complaint_management_account.action_complaint_credit_note_analysis"
        )
        self.assertIn(
            action.id,
            self.env.ref(
                "complaint_management_account.menu_complaint_credit_note_analysis"
            )
            .with_user(self.user_manager)
            ._filter_visible_menus()
            .action.ids,
        )
        Compensation = self.env["complaint.compensation"].with_user(self.user_manager)
        Compensation.get_views([(False, "pivot"), (False, "graph")])
        rows = Compensation._read_group(
            [*ast.literal_eval(action.domain), ("ticket_id", "=", complaint.id)],
            ["product_categ_id", "complaint_kind", "compensation_type"],
            ["granted_amount:sum", "credit_note_untaxed:sum"],
        )
        categ = self.product.categ_id
        self.assertEqual(
            sorted(rows),
            [
                (categ, complaint.complaint_kind, "discount", 55.0, 50.0),
                (categ, complaint.complaint_kind, "refund", 110.0, 100.0),
            ],
        )

    def test_agent_reads_customer_invoices_and_complaint_credit_notes(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 60)
        compensation.action_accept()
        vendor_bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.other_customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create({"name": "Beans", "price_unit": 10.0})
                ],
            }
        )
        vendor_bill.action_post()
        as_agent = self.env(user=self.user_agent)
        credit_note = as_agent["account.move"].browse(compensation.move_id.id)
        # the draft credit note opens in the agent's form, read only
        with Form(credit_note) as move_form:
            self.assertEqual(move_form.partner_id, self.customer)
        self.assertEqual(credit_note.amount_total, 60.0)
        self.assertEqual(credit_note.invoice_line_ids.product_id, self.product)
        # the agent finds the customer's invoices to name on a complaint
        found = as_agent["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("commercial_partner_id", "=", self.customer.id),
            ]
        )
        self.assertIn(self.invoice, found)
        with self.assertRaises(AccessError):
            as_agent["account.move"].browse(vendor_bill.id).name  # noqa: B018
        with self.assertRaises(AccessError):
            credit_note.ref = "Changed by the agent"
        action = complaint.with_user(
            self.user_agent
        ).action_view_complaint_credit_notes()
        self.assertEqual(action["res_id"], credit_note.id)

    # ------------------------------------------------------------
    # Without an invoice
    # ------------------------------------------------------------

    def test_without_invoice_an_income_account_is_needed(self):
        complaint = self._registered_complaint()
        compensation = self._compensation(complaint, 40)
        # the sales journal's income account is proposed
        sale_journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company.id)], limit=1
        )
        self.assertEqual(compensation.account_id, sale_journal.default_account_id)
        compensation.account_id = False
        compensation.action_submit()
        with self.assertRaisesRegex(UserError, "choose the income account"):
            compensation.action_offer()
        other_income = self.env["account.account"].create(
            {
                "name": "Complaint goodwill",
                "code": "499001",
                "account_type": "income_other",
            }
        )
        compensation.account_id = other_income
        compensation.action_offer()
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        self.assertEqual(move.move_type, "out_refund")
        self.assertFalse(move.reversed_entry_id)
        self.assertEqual(move.partner_id, self.customer)
        self.assertEqual(move.invoice_line_ids.account_id, other_income)
        self.assertFalse(move.invoice_line_ids.tax_ids)
        self.assertEqual(move.amount_total, 40.0)

    def test_the_products_income_account_is_proposed(self):
        complaint = self._registered_complaint(complaint_product_id=self.product.id)
        compensation = self._compensation(complaint, 40)
        self.assertEqual(
            compensation.account_id,
            self.product.product_tmpl_id.get_product_accounts()["income"],
        )

    def test_other_types_make_no_credit_note(self):
        complaint = self._complaint_on_invoice()
        compensation = self._offered(complaint, 60, compensation_type="gift")
        compensation.action_accept()
        self.assertFalse(compensation.move_id)
        compensation.action_done()
        self.assertEqual(compensation.state, "done")


@tagged("post_install", "-at_install")
class TestConcurrentCreditNote(RaceCase):
    """A retried job and the original (two cursors) make the credit note of
    the same accepted compensation at once: exactly one credit note results."""

    def setUp(self):
        super().setUp()
        run = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.requester = new_test_user(
                env,
                login=f"credit_note_r_{run}",
                groups="complaint_management.group_complaint_user",
            ).id
            self.limit_ids = (
                env["complaint.approval.limit"]
                .create({"user_id": self.requester, "amount": 100})
                .ids
            )
            category = env["helpdesk.ticket.category"].create(
                {"name": "Concurrent credit notes", "complaint_kind": "quality"}
            )
            self.category_id = category.id
            customer = env["res.partner"].create(
                {"name": "Concurrent refund customer", "email": "cc@example.com"}
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Concurrent refund",
                    "description": "<p>x</p>",
                    "category_id": category.id,
                    "partner_id": customer.id,
                }
            )
            self.ticket_id = ticket.id
            compensation = (
                env["complaint.compensation"]
                .with_user(self.requester)
                .create(
                    {
                        "ticket_id": ticket.id,
                        "compensation_type": "refund",
                        "amount": 30,
                    }
                )
            )
            compensation.action_submit()
            compensation.action_offer()
            # accepted, its credit note not made yet (what the two cursors do)
            compensation._set_workflow_values({"state": "accepted"})
            self.compensation_id = compensation.id
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["account.move"].search(
                [("complaint_compensation_ids", "=", self.compensation_id)]
            ).unlink()
            for model, res_id in (
                ("complaint.compensation", self.compensation_id),
                ("helpdesk.ticket", self.ticket_id),
            ):
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id = %s",
                    [model, res_id],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                    [model, res_id],
                )
            cr.execute(
                "DELETE FROM complaint_compensation WHERE id = %s",
                [self.compensation_id],
            )
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [self.ticket_id])
            env["complaint.approval.limit"].browse(self.limit_ids).unlink()
            env["helpdesk.ticket.category"].browse(self.category_id).unlink()
            env["res.users"].browse(self.requester).action_archive()

    def _fulfil(self, env):
        env["complaint.compensation"].browse(self.compensation_id)._complaint_fulfil()

    def test_two_cursors_make_one_credit_note(self):
        _result, outcome = self._race(self.requester, self.requester, self._fulfil)
        self.assertIn(outcome["result"], ("UserError", "SerializationFailure"))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = env["account.move"].search(
                [("complaint_compensation_ids", "=", self.compensation_id)]
            )
            self.assertEqual(len(moves), 1)
            self.assertEqual(moves.amount_total, 30.0)
            self.assertEqual(
                env["account.move"].search_count(
                    [("partner_id.name", "=", "Concurrent refund customer")]
                ),
                1,
            )


@tagged("post_install", "-at_install")
class TestCreditNoteButtonsTour(HttpCase):
    def test_manager_follows_the_documents_behind_a_refund(self):
        company = self.env.company
        company.complaint_post_credit_notes = True
        company.complaint_four_eyes_amount = 0
        manager = new_test_user(
            self.env,
            login="tour_refund_manager",
            name="Tess Tour",
            groups="complaint_management.group_complaint_manager,"
            "account.group_account_invoice",
        )
        self.env["complaint.approval.limit"].create(
            {"user_id": manager.id, "amount": 1000, "company_id": company.id}
        )
        customer = self.env["res.partner"].create(
            {"name": "Rita Refund", "email": "rita@example.com"}
        )
        product = self.env["product.product"].create(
            {"name": "Tour kettle", "type": "consu", "list_price": 80.0}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": product.id, "quantity": 1, "price_unit": 80}
                    )
                ],
            }
        )
        invoice.action_post()
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Tour: kettle leaks",
                "description": "<p>It leaks.</p>",
                "partner_id": customer.id,
                "category_id": self.env.ref(
                    "complaint_management.category_complaint_quality_defect"
                ).id,
                "complaint_invoice_id": invoice.id,
                "complaint_invoice_line_id": invoice.invoice_line_ids.id,
            }
        )
        complaint.action_complaint_register()
        compensation = (
            self.env["complaint.compensation"]
            .with_user(manager)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "refund",
                    "amount": 30,
                    "description": "30 back for the leak.",
                }
            )
        )
        compensation.action_submit()
        compensation.action_offer()
        compensation.action_accept()
        self.assertEqual(compensation.move_id.state, "posted")
        self.start_tour(
            f"/odoo/action-complaint_management.action_complaint_all/{complaint.id}",
            "complaint_management_account_credit_note",
            login=manager.login,
            timeout=180,
        )
