# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The credit note mail is a template of the complaint now (its portal
    conversation); the compensation's one, kept by the upgrade as
    ``noupdate``, goes."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    old = env.ref(
        "complaint_management_account.mail_template_compensation_credit_note",
        raise_if_not_found=False,
    )
    if old:
        old.unlink()
    # granted_amount was computed when the core added it, before this
    # bridge's rule (its document says what was granted): count again
    Compensation = env["complaint.compensation"].with_context(active_test=False)
    compensations = Compensation.search([])
    env.add_to_compute(Compensation._fields["granted_amount"], compensations)
    compensations.flush_recordset(["granted_amount"])
