from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(
            cls.env, login="portal_a", name="Paula Portal", groups="base.group_portal"
        )
        cls.portal_b = new_test_user(
            cls.env, login="portal_b", name="Bruno Portal", groups="base.group_portal"
        )
        cls.portal_a.partner_id.email = "paula@example.com"
        cls.portal_b.partner_id.email = "bruno@example.com"

    def test_portal_customer_sees_only_own_complaints(self):
        mine = self._registered_complaint(partner_id=self.portal_a.partner_id.id)
        theirs = self._registered_complaint(partner_id=self.portal_b.partner_id.id)
        Ticket = self.env["helpdesk.ticket"].with_user(self.portal_a)
        found = Ticket.search([("is_complaint", "=", True)])
        self.assertEqual(found, mine)
        self.assertEqual(
            mine.with_user(self.portal_a).read(["complaint_ref"])[0]["complaint_ref"],
            mine.complaint_ref,
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_a).read(["complaint_ref"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_a).write({"complaint_assessment_note": "x"})

    def test_agent_cannot_configure_categories(self):
        Category = self.env["helpdesk.ticket.category"].with_user(self.user_agent)
        with self.assertRaises(AccessError):
            Category.create({"name": "Noise", "complaint_kind": "organisation"})
        with self.assertRaises(AccessError):
            self.category_quality.with_user(self.user_agent).write(
                {"complaint_response_days": 30}
            )
        # an agent still reads them to categorise complaints
        self.assertEqual(
            self.category_quality.with_user(self.user_agent).complaint_kind, "quality"
        )

    def test_manager_configures_categories(self):
        Category = self.env["helpdesk.ticket.category"].with_user(self.user_manager)
        category = Category.create(
            {
                "name": "Noise",
                "complaint_kind": "organisation",
                "complaint_response_days": 5,
            }
        )
        self.assertEqual(category.complaint_response_days, 5)

    def test_groups_imply_helpdesk_groups(self):
        self.assertTrue(self.user_agent.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertFalse(
            self.user_agent.has_group("helpdesk_mgmt.group_helpdesk_manager")
        )
        self.assertTrue(
            self.user_manager.has_group("helpdesk_mgmt.group_helpdesk_manager")
        )
        self.assertTrue(
            self.user_manager.has_group("complaint_management.group_complaint_user")
        )

    def test_companies_do_not_see_each_others_complaints(self):
        agent_c2 = new_test_user(
            self.env,
            login="complaint_agent_c2",
            groups="complaint_management.group_complaint_user",
            company_id=self.company_2.id,
            company_ids=[(6, 0, self.company_2.ids)],
        )
        team_2 = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaints C2",
                "is_complaint_team": True,
                "company_id": self.company_2.id,
            }
        )
        ours = self._registered_complaint()
        theirs = self._registered_complaint(
            company_id=self.company_2.id, team_id=team_2.id
        )
        seen_by_c2 = (
            self.env["helpdesk.ticket"]
            .with_user(agent_c2)
            .search([("is_complaint", "=", True)])
        )
        self.assertIn(theirs, seen_by_c2)
        self.assertNotIn(ours, seen_by_c2)
        with self.assertRaises(AccessError):
            ours.with_user(agent_c2).read(["complaint_ref"])
        seen_by_c1 = (
            self.env["helpdesk.ticket"]
            .with_user(self.user_agent)
            .search([("is_complaint", "=", True)])
        )
        self.assertNotIn(theirs, seen_by_c1)
