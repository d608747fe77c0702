# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

COMPLAINT_SEQUENCE_CODE = "helpdesk.ticket.complaint"


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_complaint_sequence(self):
        """The company's own complaint journal sequence, created on first use.

        Each company numbers its journal independently; a shared sequence
        (company_id False) would interleave the companies' numbers.
        """
        self.ensure_one()
        # sudo: ir.sequence is technical data agents cannot read; we only
        # read or create this company's own complaint journal sequence.
        sequences = self.env["ir.sequence"].sudo()
        sequence = sequences.search(
            [("code", "=", COMPLAINT_SEQUENCE_CODE), ("company_id", "=", self.id)],
            limit=1,
        )
        if not sequence:
            sequence = sequences.create(
                {
                    "name": self.env._("Complaint journal (%s)", self.name),
                    "code": COMPLAINT_SEQUENCE_CODE,
                    "company_id": self.id,
                    "prefix": "CMP/%(year)s/",
                    "padding": 5,
                }
            )
        return sequence
