from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_account import AccountComplaintCase
from .common_supplier import SupplierClaimMixin, setup_supplier_fixtures


@tagged("post_install", "-at_install")
class TestBridgeAccountSupplierClaim(SupplierClaimMixin, AccountComplaintCase):
    """An accepted supplier claim books a vendor credit note, made and
    posted for an agent without Invoicing rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_supplier_fixtures(cls)

    def _assert_vendor_credit_note(self, claim, amount, state):
        move = claim.move_id
        self.assertTrue(move)
        self.assertEqual(move.move_type, "in_refund")
        self.assertEqual(move.partner_id, self.supplier)
        self.assertEqual(move.company_id, self.company)
        self.assertEqual(move.currency_id, claim.currency_id)
        self.assertAlmostEqual(move.amount_total, amount)
        self.assertEqual(move.state, state)
        self.assertEqual(move.ref, claim.name)
        self.assertEqual(move.invoice_line_ids.product_id, self.claim_product)
        self.assertEqual(move.complaint_supplier_claim_ids, claim)
        return move

    def test_accepted_claim_books_a_draft_vendor_credit_note(self):
        self.assertFalse(self.user_agent.has_group("account.group_account_invoice"))
        self.company.complaint_post_credit_notes = False
        claim = self._sent_claim(120.0)
        self.assertFalse(claim.move_id)
        claim.action_accept()
        move = self._assert_vendor_credit_note(claim, 120.0, "draft")
        # the agent reads it (its rule), and changes nothing on it
        self.assertEqual(
            move.with_user(self.user_agent).read(["name"])[0]["id"], move.id
        )
        with self.assertRaises(UserError):
            claim.with_user(self.user_agent).write({"move_id": False})
        # the accountant cannot book more than was recovered
        with self.assertRaisesRegex(ValidationError, "cannot credit more"):
            move.with_user(self.user_accountant).invoice_line_ids.price_unit = 200.0

    def test_posted_as_the_company_says(self):
        self.company.complaint_post_credit_notes = True
        claim = self._sent_claim(100.0)
        claim.action_partly_accept(40.0, "The part, not the labour.")
        self._assert_vendor_credit_note(claim, 40.0, "posted")

    def test_refused_claim_books_nothing(self):
        claim = self._sent_claim(100.0)
        claim.action_refuse("Not our batch.")
        self.assertFalse(claim.move_id)
        self.assertFalse(
            self.env["account.move"].search(
                [("move_type", "=", "in_refund"), ("partner_id", "=", self.supplier.id)]
            )
        )
