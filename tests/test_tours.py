"""Browser tours in headless Chromium, on the demo data: an agent records and
settles a phone complaint, a manager approves a compensation above the agent's
limit, a portal customer files a complaint and accepts an offer. Each tour
fails when a menu, field, button or step is missing; the records it leaves are
checked here. The tours live in complaint_management/static/tests/tours/."""

import re

from odoo.tests import HttpCase, tagged

COMPLAINT_REF = re.compile(r"^CMP/\d{4}/\d{5}$")
# the first browser test of a database waits for the assets to be built
TOUR_TIMEOUT = 180


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env.ref("base.user_demo")
        cls.manager = cls.env.ref("base.user_admin")
        cls.portal_user = cls.env.ref("base.demo_user0")
        cls.team = cls.env.ref("complaint_management.helpdesk_team_complaints")

    def _registered_complaint(self, name, partner):
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": f"<p>{name}</p>",
                "partner_id": partner.id,
                "team_id": self.team.id,
                "category_id": self.env.ref(
                    "complaint_management.category_complaint_quality_defect"
                ).id,
            }
        )
        complaint.action_complaint_register()
        return complaint

    def _submitted_compensation(self, complaint, amount, agent):
        compensation = (
            self.env["complaint.compensation"]
            .with_user(agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "replacement",
                    "amount": amount,
                    "description": "A new one, delivered to your door.",
                }
            )
        )
        compensation.action_submit()
        return compensation.with_user(self.env.user)

    def _assert_registered(self, complaint):
        self.assertRegex(complaint.complaint_ref, COMPLAINT_REF)
        self.assertTrue(complaint.complaint_registered_date)
        self.assertTrue(complaint.complaint_deadline)

    def test_agent_records_and_settles_a_phone_complaint(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Hannah Caller",
                "phone": "+44 20 7946 0188",
                "email": "hannah.caller@example.com",
            }
        )
        self.start_tour(
            "/odoo",
            "complaint_management_agent_phone_complaint",
            login=self.agent.login,
            timeout=TOUR_TIMEOUT,
        )
        complaint = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertRecordValues(
            complaint,
            [
                {
                    "name": "Phone: mouldy bread sold this morning",
                    "is_complaint": True,
                    "team_id": self.team.id,
                    "channel_id": self.env.ref(
                        "helpdesk_mgmt.helpdesk_ticket_channel_phone"
                    ).id,
                    "category_id": self.env.ref(
                        "complaint_management.category_complaint_quality_expired"
                    ).id,
                    "customer_mood": "irritated",
                    "complaint_remedy_sought": "Her money back for the loaf.",
                    "complaint_assessment": "justified",
                    "complaint_fault": "company",
                    "complaint_assessed_by_id": self.agent.id,
                }
            ],
        )
        self.assertIn("mouldy inside", complaint.description)
        self.assertIn("shelf check was skipped", complaint.complaint_assessment_note)
        self._assert_registered(complaint)
        self.assertRecordValues(
            complaint.compensation_ids,
            [
                {
                    "compensation_type": "refund",
                    "amount": 45.0,
                    "state": "offered",
                    "requested_by_id": self.agent.id,
                    "approver_id": self.agent.id,
                }
            ],
        )
        self.assertTrue(complaint.compensation_ids.access_token)

    def test_manager_approves_above_the_agents_limit(self):
        complaint = self._registered_complaint(
            "Tour: oven door cracked on first use",
            self.env.ref("complaint_management.partner_demo_elena"),
        )
        compensation = self._submitted_compensation(complaint, 250, self.agent)
        self.assertEqual(compensation.state, "to_approve")
        self.start_tour(
            "/odoo",
            "complaint_management_manager_approval",
            login=self.manager.login,
            timeout=TOUR_TIMEOUT,
        )
        self.assertRecordValues(
            compensation,
            [
                {
                    "state": "approved",
                    "requested_by_id": self.agent.id,
                    "approver_id": self.manager.id,
                }
            ],
        )

    def test_portal_customer_files_a_complaint_and_accepts_an_offer(self):
        customer = self.portal_user.partner_id
        earlier = self._registered_complaint(
            "Tour: delivery left in the rain", customer
        )
        offer = self._submitted_compensation(earlier, 30, self.manager)
        offer.action_offer()
        self.start_tour(
            "/my",
            "complaint_management_portal_complaint",
            login=self.portal_user.login,
            timeout=TOUR_TIMEOUT,
        )
        filed = self.env["helpdesk.ticket"].search(
            [
                ("partner_id", "=", customer.id),
                ("name", "=", "Portal: the blender stopped after a week"),
            ]
        )
        self.assertRecordValues(
            filed,
            [
                {
                    "is_complaint": True,
                    "category_id": self.env.ref(
                        "complaint_management.category_complaint_quality_defect"
                    ).id,
                    "channel_id": self.env.ref(
                        "helpdesk_mgmt.helpdesk_ticket_channel_web"
                    ).id,
                    "complaint_remedy_sought": "A new blender, please.",
                }
            ],
        )
        self._assert_registered(filed)
        self.assertRecordValues(
            offer,
            [{"state": "accepted", "customer_comment": "Thank you, that is fair."}],
        )
