import re

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal quality complaints", "complaint_kind": "quality"}
        )
        # customers choose a complaint category in the portal form
        cls.env.company.helpdesk_mgmt_portal_select_category = True
        cls.portal_a = new_test_user(
            cls.env,
            login="portal_http_a",
            name="Paula Portal",
            groups="base.group_portal",
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="portal_http_b",
            name="Bruno Portal",
            groups="base.group_portal",
        )
        cls.portal_a.partner_id.email = "paula.http@example.com"
        cls.portal_b.partner_id.email = "bruno.http@example.com"

    def _complaint_for(self, user, name):
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": "<p>Details</p>",
                "category_id": self.category.id,
                "partner_id": user.partner_id.id,
            }
        )
        complaint.action_complaint_register()
        return complaint

    def _csrf_token(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)

    def test_portal_form_files_a_registered_complaint(self):
        self.authenticate("portal_http_a", "portal_http_a")
        token = self._csrf_token("/new/ticket")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": token,
                "category": self.category.id,
                "subject": "Mouldy bread from the bakery counter",
                "description": "Bought this morning, mould inside.",
                "complaint_remedy_sought": "A refund, please.",
            },
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["helpdesk.ticket"].search(
            [("name", "=", "Mouldy bread from the bakery counter")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertTrue(complaint.is_complaint)
        self.assertTrue(
            complaint.complaint_ref, "a portal complaint is registered at once"
        )
        self.assertEqual(complaint.partner_id, self.portal_a.partner_id)
        self.assertEqual(complaint.complaint_remedy_sought, "A refund, please.")
        acknowledgement = complaint.message_ids.filtered(
            lambda m: complaint.complaint_ref in (m.subject or "")
        )
        self.assertEqual(acknowledgement.partner_ids, self.portal_a.partner_id)
        # the customer lands on their complaint, which shows number and deadline
        self.assertIn(complaint.complaint_ref, response.text)
        self.assertIn('data-id="complaint_deadline"', response.text)

    def test_portal_shows_own_complaints_only(self):
        mine = self._complaint_for(self.portal_a, "Rude cashier at till 2")
        theirs = self._complaint_for(self.portal_b, "Broken kettle lid")
        self.authenticate("portal_http_a", "portal_http_a")
        listing = self.url_open("/my/tickets")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(mine.complaint_ref, listing.text)
        self.assertNotIn(theirs.complaint_ref, listing.text)
        page = self.url_open(f"/my/ticket/{mine.id}")
        self.assertIn(mine.complaint_ref, page.text)
        # and where it stands (TestPortalComplaintStatus has the detail)
        self.assertIn('data-id="complaint_status"', page.text)
        other = self.url_open(f"/my/ticket/{theirs.id}")
        self.assertNotIn(theirs.complaint_ref, other.text)
        self.assertNotIn("Broken kettle lid", other.text)
