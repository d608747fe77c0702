"""Fixtures for supplier claims: a vendor writing in Bulgarian on the vendor
list of a product, and complaints about that product assessed with the
supplier at fault."""

from odoo import Command


def setup_supplier_fixtures(cls):
    """Call from setUpClass of a ComplaintCase subclass."""
    cls.env["res.lang"]._activate_lang("bg_BG")
    cls.supplier = cls.env["res.partner"].create(
        {
            "name": "Balkan Test Appliances",
            "is_company": True,
            "email": "claims@balkan-test.example.com",
            "lang": "bg_BG",
        }
    )
    cls.other_supplier = cls.env["res.partner"].create(
        {"name": "Other Test Vendor", "email": "other.vendor@example.com"}
    )
    cls.claim_product = cls.env["product.product"].create(
        {
            "name": "Test washing machine",
            "type": "consu",
            "list_price": 500.0,
            "seller_ids": [
                Command.create({"partner_id": cls.supplier.id, "price": 300.0})
            ],
        }
    )


class SupplierClaimMixin:
    def _supplier_complaint(self, fault="supplier", assessment="justified", **vals):
        """A registered complaint about the product, assessed by the agent,
        with a photo attached."""
        values = {"complaint_product_id": self.claim_product.id}
        values.update(vals)
        complaint = self._registered_complaint(**values)
        complaint.with_user(self.user_agent).write(
            {
                "complaint_assessment": assessment,
                "complaint_fault": fault,
                "complaint_assessment_note": "The motor coupling broke.",
                "complaint_customer_findings": "A faulty motor coupling.",
            }
        )
        self.env["ir.attachment"].create(
            {
                "name": "drum-photo.jpg",
                "raw": b"\xff\xd8\xff photo of the drum",
                "res_model": "helpdesk.ticket",
                "res_id": complaint.id,
            }
        )
        return complaint

    def _claim(self, complaint, amount=100.0, user=None, **vals):
        values = {"ticket_id": complaint.id, "amount": amount}
        values.update(vals)
        return (
            self.env["complaint.supplier.claim"]
            .with_user(user or self.user_agent)
            .create(values)
        )

    def _sent_claim(self, amount=100.0, **vals):
        claim = self._claim(self._supplier_complaint(), amount, **vals)
        claim.action_send()
        return claim
