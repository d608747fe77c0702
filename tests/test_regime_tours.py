"""Browser tour: an agent sends a holding reply from the complaint form."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

TOUR_TIMEOUT = 180


@tagged("post_install", "-at_install")
class TestRegimeTours(HttpCase):
    def test_agent_sends_a_holding_reply(self):
        agent = self.env.ref("base.user_demo")
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Card payment charged twice",
                "description": "<p>Charged twice for one coffee machine.</p>",
                "partner_id": self.env.ref("base.res_partner_2").id,
                "team_id": self.env.ref(
                    "complaint_management.helpdesk_team_complaints"
                ).id,
                "complaint_regime_id": self.env.ref(
                    "complaint_management.complaint_regime_eu_psd2"
                ).id,
                # received ten days ago: the answer is due in about eleven,
                # a holding reply may promise it up to about forty days away
                "complaint_received_date": fields.Datetime.now() - timedelta(days=10),
                "user_id": agent.id,
            }
        )
        complaint.action_complaint_register()
        original = complaint.complaint_deadline
        self.start_tour(
            f"/odoo/helpdesk.ticket/{complaint.id}",
            "complaint_management_holding_reply",
            login=agent.login,
            timeout=TOUR_TIMEOUT,
        )
        final = complaint.complaint_clock_ids.filtered(
            lambda c: c.kind == "final_response"
        )
        self.assertGreater(complaint.complaint_deadline, original)
        self.assertEqual(final.due_date, complaint.complaint_deadline)
        self.assertEqual(final.original_due_date, original)
        self.assertEqual(
            final.change_reason, "The merchant has not answered our chargeback yet."
        )
        self.assertEqual(
            complaint.complaint_clock_ids.filtered(
                lambda c: c.kind == "holding_reply"
            ).state,
            "met",
        )
