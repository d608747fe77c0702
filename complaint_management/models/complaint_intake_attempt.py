# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models

# counters are kept this long, then removed by the autovacuum
KEEP_HOURS = 24


class ComplaintIntakeAttempt(models.Model):
    """One complaint submitted on the public form, counted against the
    company's limits per IP address and per e-mail address per hour. Only a
    keyed hash of the address is kept, never the address itself."""

    _name = "complaint.intake.attempt"
    _description = "Public Complaint Form Submission"
    _order = "id desc"
    _log_access = False

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, ondelete="cascade"
    )
    key_kind = fields.Selection(
        selection=[("ip", "IP address"), ("email", "E-mail address")],
        required=True,
    )
    key_hash = fields.Char(required=True, index=True)
    attempt_date = fields.Datetime(
        required=True, index=True, default=fields.Datetime.now
    )

    @api.model
    def _hash_key(self, value):
        # sudo: the database secret keys the hash, so a leaked table does not
        # give the addresses back by trying them all
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return hmac.new(
            (secret or "").encode(), value.strip().lower().encode(), hashlib.sha256
        ).hexdigest()

    @api.model
    def _count_recent(self, company, kind, value, hours=1):
        if not value:
            return 0
        return self.search_count(
            [
                ("company_id", "=", company.id),
                ("key_kind", "=", kind),
                ("key_hash", "=", self._hash_key(value)),
                ("attempt_date", ">=", fields.Datetime.now() - timedelta(hours=hours)),
            ]
        )

    @api.model
    def _record(self, company, ip=None, email=None):
        self.create(
            [
                {
                    "company_id": company.id,
                    "key_kind": kind,
                    "key_hash": self._hash_key(value),
                }
                for kind, value in (("ip", ip), ("email", email))
                if value
            ]
        )

    @api.autovacuum
    def _gc_complaint_intake_attempts(self):
        self.search(
            [("attempt_date", "<", fields.Datetime.now() - timedelta(hours=KEEP_HOURS))]
        ).unlink()
