import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import RaceCase
from .common_account import AccountComplaintCase
from .common_rma import serial_stock_fixture, validate_picking


@tagged("post_install", "-at_install")
class TestBridgeRma(AccountComplaintCase, HttpCase):
    """Replacements and repairs granted on a complaint run as OCA RMAs on real
    stock: serials bought from a vendor, sold and delivered to the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer_user = new_test_user(
            cls.env,
            login="rma_buyer",
            name="Bruno Buyer",
            email="bruno.buyer@example.com",
            groups="base.group_portal",
        )
        cls.buyer = cls.buyer_user.partner_id
        cls.buyer.lang = "en_US"
        cls.stock_user = new_test_user(
            cls.env,
            login="rma_stock_user",
            name="Stan Stock",
            groups="stock.group_stock_user,rma.rma_group_user_all",
            company_id=cls.company.id,
        )
        serial_stock_fixture(cls, cls.buyer, cls.other_customer)
        cls.order_line = cls.order.order_line

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def _serial_complaint(self, lot=None, **values):
        return self._registered_complaint(
            partner_id=self.buyer.id,
            complaint_sale_line_id=self.order_line.id,
            complaint_lot_id=(lot or self.sn1).id,
            **values,
        )

    def _accepted(self, complaint, compensation_type="replacement", amount=50):
        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.user_agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": compensation_type,
                    "amount": amount,
                    "description": "A new machine for yours.",
                }
            )
        )
        compensation.action_submit()
        self.assertEqual(compensation.state, "approved")
        compensation.action_offer()
        compensation.action_accept()
        return compensation

    def _receive(self, rma):
        picking = rma.reception_move_id.picking_id.with_user(self.stock_user)
        validate_picking(picking)
        self.assertEqual(rma.state, "received")

    def _deliver(self, rma, action, lot):
        action = getattr(rma.with_user(self.stock_user), action)()
        wizard = Form(
            self.env["rma.delivery.wizard"]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        )
        if not wizard.product_id:
            wizard.product_id = rma.product_id
        wizard.product_uom_qty = 1
        wizard.save().action_deliver()
        picking = rma.delivery_move_ids.picking_id.with_user(self.stock_user)
        self.assertEqual(len(picking), 1)
        picking.action_assign()
        picking.move_ids.move_line_ids.lot_id = lot
        validate_picking(picking)

    # ------------------------------------------------------------
    # the lot, its delivery and warranty
    # ------------------------------------------------------------

    def test_lot_delivery_date_and_warranty(self):
        complaint = self._serial_complaint()
        self.assertEqual(complaint.complaint_delivered_lot_ids, self.sn1 | self.sn2)
        self.assertEqual(complaint.complaint_product_id, self.serial_product)
        delivered = fields.Datetime.context_timestamp(
            complaint, self.delivery.date_done
        ).date()
        self.assertEqual(complaint.complaint_delivery_date, delivered)
        self.assertEqual(
            complaint.complaint_warranty_end_date, delivered + relativedelta(months=24)
        )
        self.assertFalse(complaint.complaint_out_of_warranty)
        # the agent sees it all without Inventory rights
        as_agent = complaint.with_user(self.user_agent)
        self.assertEqual(as_agent.complaint_lot_id.name, "SN-001")
        self.assertEqual(as_agent.complaint_delivery_date, delivered)

        # received 25 months after delivery: out of warranty, and a free
        # replacement is proposed only once the agent confirms it
        late = self._serial_complaint(
            lot=self.sn2,
            complaint_received_date=fields.Datetime.now() + relativedelta(months=25),
        )
        self.assertTrue(late.complaint_out_of_warranty)
        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.user_agent)
            .create(
                {
                    "ticket_id": late.id,
                    "compensation_type": "replacement",
                    "amount": 50,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Granted Out of Warranty"):
            compensation.action_submit()
        self.assertEqual(compensation.state, "draft")
        compensation.warranty_override = True
        compensation.action_submit()
        self.assertEqual(compensation.state, "approved")

    def test_delivered_order_invoiced_then_refunded(self):
        """Issue 16's whole purchase: an order confirmed, delivered and
        invoiced; the complaint on its line shows the delivery and the
        invoice; a refund above the agent's limit, approved by a manager and
        accepted, is a credit note reversing that invoice line."""
        invoice = self.order._create_invoices()
        invoice.action_post()
        invoice_line = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.serial_product
        )
        self.assertEqual(invoice_line.quantity, 2, "invoiced what was delivered")
        complaint = self._serial_complaint(
            complaint_invoice_id=invoice.id,
            complaint_invoice_line_id=invoice_line.id,
        )
        self.assertTrue(complaint.complaint_delivery_date)
        self.assertEqual(complaint.complaint_invoice_id, invoice)
        compensation = self._compensation(complaint, 150)
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        compensation.with_user(self.user_manager).action_approve()
        compensation.action_offer()
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.partner_id, self.buyer)
        self.assertEqual(move.reversed_entry_id, invoice)
        self.assertEqual(move.invoice_line_ids.product_id, self.serial_product)
        self.assertEqual(move.amount_total, 150.0)
        self.assertFalse(compensation.rma_id, "a refund moves no goods")

    def test_serial_not_delivered_to_the_customer_is_refused(self):
        # delivered to another customer
        with self.assertRaisesRegex(ValidationError, "not delivered to"):
            self._serial_complaint(lot=self.sn3)
        # still in stock
        complaint = self._serial_complaint()
        with self.assertRaisesRegex(ValidationError, "not delivered to"):
            complaint.complaint_lot_id = self.sn4
        # of another company
        other_company = self.env["res.company"].create({"name": "Other Co RMA"})
        foreign_lot = self.env["stock.lot"].create(
            {
                "name": "SN-FOREIGN",
                "product_id": self.serial_product.id,
                "company_id": other_company.id,
            }
        )
        with self.assertRaises(UserError):
            complaint.complaint_lot_id = foreign_lot
        # nor an order of another company
        foreign_order = (
            self.env["sale.order"]
            .with_company(other_company)
            .create(
                {
                    "partner_id": self.buyer.id,
                    "company_id": other_company.id,
                    "order_line": [
                        Command.create({"product_id": self.serial_product.id})
                    ],
                }
            )
        )
        foreign_order.action_confirm()
        with self.assertRaisesRegex(UserError, "[Cc]ompan"):
            complaint.write(
                {
                    "complaint_lot_id": False,
                    "complaint_sale_line_id": False,
                    "complaint_sale_order_id": foreign_order.id,
                }
            )

    # ------------------------------------------------------------
    # a replacement, a repair
    # ------------------------------------------------------------

    def test_replacement_received_and_delivered(self):
        complaint = self._serial_complaint()
        compensation = self._accepted(complaint)
        rma = compensation.sudo().rma_id
        self.assertTrue(rma)
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.partner_id, self.buyer)
        self.assertEqual(rma.product_id, self.serial_product)
        self.assertEqual(rma.product_uom_qty, 1)
        self.assertEqual(rma.picking_id, self.delivery)
        self.assertEqual(rma.move_id, self.delivery.move_ids)
        self.assertEqual(rma.operation_id, self.env.ref("rma.rma_operation_replace"))
        self.assertEqual(rma.reception_move_id.move_line_ids.lot_id, self.sn1)
        self.assertEqual(compensation.state, "accepted")
        # the customer got the return instructions on the complaint
        instructions = complaint.message_ids.filtered(
            lambda m: rma.name in (m.subject or "")
        )
        self.assertEqual(len(instructions), 1)
        self.assertIn(self.buyer, instructions.partner_ids)
        self.assertIn("SN-001", instructions.body)
        # the agent follows it without Inventory rights
        as_agent = compensation.with_user(self.user_agent)
        self.assertEqual(as_agent.rma_id.name, rma.name)
        self.assertEqual(as_agent.rma_state, "confirmed")
        self.assertEqual(complaint.with_user(self.user_agent).complaint_rma_ids, rma)
        with self.assertRaises(AccessError):
            rma.with_user(self.user_agent).write({"description": "x"})
        # the agent cannot mark it delivered by hand: the RMA delivers it
        with self.assertRaises(UserError):
            as_agent.action_done()

        summary = self.env["complaint.report.wizard"].create(
            {
                "date_from": fields.Date.today(),
                "date_to": fields.Date.today(),
                "company_id": self.company.id,
            }
        )
        cost_before = summary._get_summary_data()["compensation_cost"]
        self._receive(rma)
        self.assertEqual(compensation.state, "accepted")
        self.assertEqual(compensation.rma_state, "received")
        self._deliver(rma, "action_replace", self.sn4)
        self.assertEqual(rma.state, "replaced")
        self.assertEqual(compensation.state, "done")
        # its cost is the value the replacement moved out of stock
        self.assertEqual(compensation.rma_cost, 60.0)
        self.assertEqual(compensation.amount, 60.0)
        self.buyer.invalidate_recordset()
        self.assertEqual(self.buyer.complaint_compensation_total, 60.0)
        # the summary report and the compensation analysis count the value
        # moved (60) in place of the approved estimate (50)
        self.assertAlmostEqual(
            summary._get_summary_data()["compensation_cost"], cost_before + 10.0
        )
        analysis = self.env["complaint.compensation"]._read_group(
            [("ticket_id", "=", complaint.id)], ["state"], ["amount:sum"]
        )
        self.assertEqual(analysis, [("done", 60.0)])

        # the customer sees the return on their complaint page
        self.authenticate("rma_buyer", "rma_buyer")
        page = self.url_open(f"/my/ticket/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(rma.name, page.text)
        self.assertIn("Replaced", page.text)

    def test_value_moved_without_valuation_is_the_standard_cost(self):
        # goods the company does not own (consigned by the vendor) move with
        # no valuation layer: what the return delivered is valued at the
        # product's standard cost times the quantity
        product = self.env["product.product"].create(
            {"name": "Descaling kit", "type": "consu", "standard_price": 7.5}
        )
        rma = self.env["rma"].create(
            {
                "partner_id": self.buyer.id,
                "product_id": product.id,
                "product_uom_qty": 3,
                "location_id": self.warehouse.rma_loc_id.id,
                "operation_id": self.env.ref("rma.rma_operation_replace").id,
            }
        )
        out_type = self.warehouse.out_type_id
        move = self.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": 3,
                "product_uom": product.uom_id.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": out_type.default_location_dest_id.id,
                "picking_type_id": out_type.id,
                "rma_id": rma.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        self.assertEqual(move.quantity, 3)
        move.move_line_ids.owner_id = self.vendor
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")
        self.assertEqual(rma.delivery_move_ids, move)
        self.assertFalse(move.stock_valuation_layer_ids)
        compensation = self.env["complaint.compensation"].create(
            {
                "ticket_id": self._serial_complaint().id,
                "compensation_type": "replacement",
                "amount": 50,
            }
        )
        self.assertAlmostEqual(compensation._complaint_rma_value(rma), 22.5)

    def test_repair_received_and_returned(self):
        complaint = self._serial_complaint(lot=self.sn2)
        # the customer reads the return instructions in their language
        self.buyer.lang = "bg_BG"
        compensation = self._accepted(complaint, "repair", amount=30)
        rma = compensation.sudo().rma_id
        instructions = complaint.message_ids.filtered(
            lambda m: rma.name in (m.subject or "")
        )
        self.assertTrue(instructions.subject.startswith("Как да върнете стоката"))
        self.assertIn("сериен номер или партида", instructions.body)
        self.assertEqual(rma.operation_id, self.env.ref("rma.rma_operation_return"))
        self.assertEqual(rma.reception_move_id.move_line_ids.lot_id, self.sn2)
        self._receive(rma)
        self._deliver(rma, "action_return", self.sn2)
        self.assertEqual(rma.state, "returned")
        self.assertEqual(compensation.state, "done")
        # the repaired item goes back at its own value; the repair's cost
        # stays the approved one
        self.assertEqual(compensation.rma_cost, 60.0)
        self.assertEqual(compensation.amount, 30.0)

    def test_return_received_and_refunded(self):
        """A return and refund: no RMA before the customer accepts; then an
        RMA with rma's refund operation from the original delivery; the goods
        received, rma's own refund is the one credit note, at the approved
        amount, and its posting delivers the compensation."""
        self.company.complaint_post_credit_notes = False
        complaint = self._serial_complaint()
        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.user_agent)
            .create(
                {"ticket_id": complaint.id, "compensation_type": "return", "amount": 50}
            )
        )
        self.assertTrue(compensation.rma_required)
        self.assertEqual(compensation.rma_quantity, 1)
        with self.assertRaisesRegex(UserError, "approved and accepted"):
            compensation.action_create_rma()
        compensation.action_submit()
        self.assertEqual(compensation.state, "approved")
        compensation.action_offer()
        with self.assertRaisesRegex(UserError, "approved and accepted"):
            compensation.action_create_rma()
        self.assertFalse(compensation.sudo().rma_id)
        compensation.action_accept()
        self.assertFalse(
            compensation.move_id, "the accounting bridge credits no return"
        )
        rma = compensation.sudo().rma_id
        self.assertEqual(rma.operation_id, self.env.ref("rma.rma_operation_refund"))
        self.assertEqual(rma.partner_id, self.buyer)
        self.assertEqual(rma.picking_id, self.delivery)
        self.assertEqual(rma.move_id, self.delivery.move_ids)
        self.assertEqual(rma.reception_move_id.move_line_ids.lot_id, self.sn1)
        self.assertFalse(rma.can_be_refunded, "nothing came back yet")
        self._receive(rma)
        self.assertEqual(compensation.state, "accepted")
        with self.assertRaises(UserError):
            compensation.with_user(self.user_agent).action_done()

        refunds = self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("partner_id", "=", self.buyer.id)]
        )
        rma.with_user(self.stock_user).action_refund()
        self.assertEqual(rma.state, "refunded")
        credit_note = (
            self.env["account.move"].search(
                [("move_type", "=", "out_refund"), ("partner_id", "=", self.buyer.id)]
            )
            - refunds
        )
        self.assertEqual(len(credit_note), 1, "one credit note, never two")
        self.assertEqual(credit_note, rma.refund_id)
        self.assertEqual(compensation.move_id, credit_note)
        self.assertEqual(credit_note.invoice_line_ids.product_id, self.serial_product)
        self.assertEqual(credit_note.amount_total, 50.0)
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(compensation.state, "accepted", "refunded once posted")
        credit_note.action_post()
        self.assertEqual(compensation.state, "done")
        self.assertEqual(compensation.granted_amount, 50.0)
        # a second refund of the same RMA makes nothing
        self.assertFalse(rma.can_be_refunded)

    def test_home_repair_opens_no_return(self):
        complaint = self._serial_complaint(lot=self.sn2)
        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.user_agent)
            .create(
                {"ticket_id": complaint.id, "compensation_type": "repair", "amount": 40}
            )
        )
        # goods named on the complaint come back by default
        self.assertTrue(compensation.rma_required)
        compensation.rma_required = False
        compensation.action_submit()
        compensation.action_offer()
        compensation.action_accept()
        self.assertFalse(compensation.sudo().rma_id)
        compensation.action_done()
        self.assertEqual(compensation.state, "done")

    # ------------------------------------------------------------
    # refusals
    # ------------------------------------------------------------

    def test_no_rma_without_approved_accepted_compensation(self):
        complaint = self._serial_complaint()
        Compensation = self.env["complaint.compensation"].with_user(self.user_agent)
        draft = Compensation.create(
            {"ticket_id": complaint.id, "compensation_type": "replacement"}
        )
        with self.assertRaisesRegex(UserError, "approved and accepted"):
            draft.action_create_rma()
        draft.action_submit()
        draft.action_offer()
        with self.assertRaisesRegex(UserError, "approved and accepted"):
            draft.action_create_rma()
        self.assertFalse(draft.sudo().rma_id)
        # the link is the workflow's alone
        some_rma = self.env["rma"].create(
            {"partner_id": self.buyer.id, "product_id": self.serial_product.id}
        )
        with self.assertRaises(UserError):
            draft.write({"rma_id": some_rma.id})
        # an RMA that serves no complaint is not the agent's to read
        with self.assertRaises(AccessError):
            some_rma.with_user(self.user_agent).read(["name"])

    def test_second_rma_for_the_same_compensation_is_refused(self):
        compensation = self._accepted(self._serial_complaint())
        rma = compensation.sudo().rma_id
        with self.assertRaisesRegex(UserError, "already has its return"):
            compensation.action_create_rma()
        self.assertEqual(
            self.env["rma"].search_count(
                [("complaint_compensation_ids", "=", compensation.id)]
            ),
            1,
        )
        self.assertEqual(compensation.sudo().rma_id, rma)

    def test_tracked_product_needs_its_serial_to_be_offered(self):
        complaint = self._registered_complaint(
            partner_id=self.buyer.id, complaint_sale_line_id=self.order_line.id
        )
        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.user_agent)
            .create({"ticket_id": complaint.id, "compensation_type": "repair"})
        )
        compensation.action_submit()
        with self.assertRaisesRegex(UserError, "lot or serial"):
            compensation.action_offer()
        self.assertEqual(compensation.state, "approved")

    def test_cancel_cancels_an_rma_nothing_came_back_on(self):
        compensation = self._accepted(self._serial_complaint())
        rma = compensation.sudo().rma_id
        compensation.with_user(self.user_agent).action_cancel()
        self.assertEqual(compensation.state, "cancel")
        self.assertEqual(rma.state, "cancelled")
        self.assertEqual(rma.reception_move_id.state, "cancel")

        compensation = self._accepted(self._serial_complaint(lot=self.sn2))
        rma = compensation.sudo().rma_id
        self._receive(rma)
        with self.assertRaisesRegex(UserError, "already moved goods"):
            compensation.with_user(self.user_agent).action_cancel()
        self.assertEqual(compensation.state, "accepted")

    def test_out_of_warranty_banner_date(self):
        """A complaint without a lot takes the order's delivery date."""
        complaint = self._registered_complaint(
            partner_id=self.buyer.id,
            complaint_sale_line_id=self.order_line.id,
            complaint_received_date=fields.Datetime.now() - timedelta(days=1),
        )
        self.assertEqual(
            complaint.complaint_delivery_date,
            fields.Datetime.context_timestamp(
                complaint, self.delivery.date_done
            ).date(),
        )
        self.assertTrue(complaint.complaint_warranty_end_date)

    # ------------------------------------------------------------
    # the supplier claim on a serial
    # ------------------------------------------------------------

    def test_supplier_claim_takes_the_lot_and_its_receipts_vendor(self):
        # the vendor list now names another vendor first: the serial's own
        # receipt wins over it
        listed = self.env["res.partner"].create({"name": "Listed First Vendor"})
        self.env["product.supplierinfo"].create(
            {
                "partner_id": listed.id,
                "product_tmpl_id": self.serial_product.product_tmpl_id.id,
                "sequence": 0,
            }
        )
        assessment = {
            "complaint_assessment": "justified",
            "complaint_fault": "supplier",
            "complaint_assessment_note": "The pump failed.",
        }
        complaint = self._serial_complaint()
        complaint.with_user(self.user_agent).write(assessment)
        Claim = self.env["complaint.supplier.claim"].with_user(self.user_agent)
        claim = Claim.create({"ticket_id": complaint.id, "amount": 60.0})
        self.assertEqual(claim.lot_name, "SN-001")
        self.assertEqual(claim.partner_id, self.vendor)
        self.assertEqual(claim.product_id, self.serial_product)
        # the same supplier is what the second claim is refused for
        with self.assertRaisesRegex(ValidationError, "already has claim"):
            Claim.create({"ticket_id": complaint.id, "amount": 10.0})
        # no lot named: the product's vendor list, as the core does
        without_lot = self._registered_complaint(
            partner_id=self.buyer.id,
            complaint_product_id=self.serial_product.id,
        )
        without_lot.with_user(self.user_agent).write(assessment)
        claim = Claim.create({"ticket_id": without_lot.id, "amount": 60.0})
        self.assertEqual(claim.partner_id, listed)
        self.assertFalse(claim.lot_name)


@tagged("post_install", "-at_install")
class TestConcurrentRma(RaceCase):
    """Two cursors open the return of the same accepted compensation at the
    same moment (a double click, a retried job): exactly one RMA results."""

    def setUp(self):
        super().setUp()
        run = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.product_id = (
                env["product.product"]
                .create({"name": f"Kettle {run}", "type": "consu"})
                .id
            )
            self.category_id = (
                env["helpdesk.ticket.category"]
                .create({"name": f"RMA concurrency {run}", "complaint_kind": "quality"})
                .id
            )
            self.customer_id = (
                env["res.partner"]
                .create({"name": f"Concurrent buyer {run}", "email": "cb@example.com"})
                .id
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Kettle leaks",
                    "description": "<p>x</p>",
                    "category_id": self.category_id,
                    "partner_id": self.customer_id,
                    "complaint_product_id": self.product_id,
                }
            )
            self.ticket_id = ticket.id
            compensation = env["complaint.compensation"].create(
                {"ticket_id": ticket.id, "compensation_type": "replacement"}
            )
            # approved and accepted as the workflow leaves it
            compensation._set_workflow_values(
                {
                    "state": "accepted",
                    "approver_id": SUPERUSER_ID,
                    "approved_date": fields.Datetime.now(),
                }
            )
            self.compensation_id = compensation.id
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id, reception_move_id, procurement_group_id FROM rma "
                "WHERE id IN (SELECT rma_id FROM complaint_compensation WHERE id = %s)",
                [self.compensation_id],
            )
            rows = cr.fetchall()
            rma_ids = tuple(row[0] for row in rows) or (0,)
            group_ids = tuple(row[2] for row in rows if row[2]) or (0,)
            cr.execute("SELECT id FROM stock_picking WHERE group_id IN %s", [group_ids])
            picking_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            targets = (
                ("complaint.compensation", (self.compensation_id,)),
                ("helpdesk.ticket", (self.ticket_id,)),
                ("rma", rma_ids),
                ("stock.picking", picking_ids),
            )
            for model, ids in targets:
                for table, column in (
                    ("mail_activity", "res_model"),
                    ("mail_followers", "res_model"),
                    ("mail_message", "model"),
                ):
                    cr.execute(
                        f"DELETE FROM {table} WHERE {column} = %s AND res_id IN %s",
                        [model, ids],
                    )
            cr.execute(
                "DELETE FROM complaint_compensation WHERE id = %s",
                [self.compensation_id],
            )
            cr.execute("DELETE FROM rma WHERE id IN %s", [rma_ids])
            cr.execute("DELETE FROM stock_move WHERE picking_id IN %s", [picking_ids])
            cr.execute("DELETE FROM stock_picking WHERE id IN %s", [picking_ids])
            cr.execute("DELETE FROM procurement_group WHERE id IN %s", [group_ids])
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [self.ticket_id])
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.ticket.category"].browse(self.category_id).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.partner"].browse(self.customer_id).unlink()

    def _open_return(self, env):
        env["complaint.compensation"].browse(self.compensation_id).action_create_rma()

    def test_two_cursors_open_one_return(self):
        _result, outcome = self._race(
            SUPERUSER_ID, SUPERUSER_ID, self._open_return, timeout=60
        )
        self.assertIn(outcome["result"], ("UserError", "SerializationFailure"))
        # a retried job finds the return opened and opens no other
        retry = self._act_once(SUPERUSER_ID, self._open_return, timeout=60)
        self.assertEqual(retry["result"], "UserError")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            compensation = env["complaint.compensation"].browse(self.compensation_id)
            self.assertTrue(compensation.rma_id)
            self.assertEqual(
                env["rma"].search_count([("partner_id", "=", self.customer_id)]),
                1,
            )
