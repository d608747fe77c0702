# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.7.0.0: complaints registered before the regimes existed get their
clocks; the shipped clocks whose article the company has not edited cite it
as corrected against the texts of the laws."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger("odoo.addons.complaint_management.migrations")

# shipped clock: (the reference shipped before, the corrected one)
LEGAL_REFERENCES = {
    "complaint_regime_ru_goods_final": (
        "ZoZPP art. 22",
        "ZoZPP art. 22 (10 days for the demands it lists)",
    ),
    "complaint_regime_ru_goods_replacement_check": (
        "ZoZPP art. 21(1)",
        "ZoZPP art. 21(1) (with an additional quality check)",
    ),
    "complaint_regime_ru_goods_repair": (
        "ZoZPP art. 20(1)",
        "ZoZPP art. 20(1) (term agreed in writing, at most 45 days)",
    ),
    "complaint_regime_ru_services_final": (
        "ZoZPP art. 31(1)",
        "ZoZPP art. 31(1) (10 days for the demands it lists)",
    ),
    "complaint_regime_ru_services_redo": (
        "ZoZPP art. 30 (term agreed with the customer; 10 days as the default "
        "of art. 31(1))",
        "ZoZPP art. 31(2) (the term for urgent work, else the original "
        "contract's term: set it here; 10 days is a default)",
    ),
    "complaint_regime_bg_zzp_final": ("ZZP art. 113(3)", "ZZP art. 113(2)"),
    "complaint_regime_bg_zzp_repair": ("ZZP art. 113(3)", "ZZP art. 113(2)"),
    "complaint_regime_bg_zzp_replacement": ("ZZP art. 113(3)", "ZZP art. 113(2)"),
    "complaint_regime_uk_fca_ack": (
        "DISP 1.6.1R(1)",
        "DISP 1.6.1R(1) (prompt: one business day is the company's reading)",
    ),
    "complaint_regime_us_cfpb_final": (
        "CFPB Company Portal Manual (15 days; 60 days to close)",
        "CFPB Company Portal Manual 8.1 (15 calendar days; in progress: 60), "
        "12 U.S.C. 5534",
    ),
}


def update_legal_references(env):
    """The shipped data is noupdate: correct what the company left as
    shipped. The translations of the new text load after this script."""
    for xmlid, (old, new) in LEGAL_REFERENCES.items():
        clock = env.ref(f"complaint_management.{xmlid}", raise_if_not_found=False)
        if clock and clock.with_context(lang="en_US").legal_reference == old:
            env.cr.execute(
                "UPDATE complaint_regime_clock SET legal_reference = "
                "jsonb_build_object('en_US', %s::text) WHERE id = %s",
                (new, clock.id),
            )
    env["complaint.regime.clock"].invalidate_model(["legal_reference"])


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    update_legal_references(env)
    count = env["helpdesk.ticket"]._complaint_backfill_clocks()
    _logger.info("complaint_management: clocks given to %s complaints", count)
