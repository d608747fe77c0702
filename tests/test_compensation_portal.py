import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCompensationPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal offers", "complaint_kind": "quality"}
        )
        cls.owner = new_test_user(
            cls.env, login="offer_owner", name="Olga Owner", groups="base.group_portal"
        )
        cls.other = new_test_user(
            cls.env, login="offer_other", name="Otto Other", groups="base.group_portal"
        )
        cls.owner.partner_id.email = "olga@example.com"
        cls.other.partner_id.email = "otto@example.com"
        cls.env["complaint.approval.limit"].create(
            {"user_id": cls.env.uid, "amount": 1000}
        )
        complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Cracked screen",
                "description": "<p>Cracked on arrival.</p>",
                "category_id": category.id,
                "partner_id": cls.owner.partner_id.id,
            }
        )
        complaint.action_complaint_register()
        cls.complaint = complaint

    def setUp(self):
        super().setUp()
        self.compensation = self.env["complaint.compensation"].create(
            {
                "ticket_id": self.complaint.id,
                "compensation_type": "replacement",
                "amount": 120,
                "description": "A new screen, fitted free of charge.",
            }
        )
        self.compensation.action_submit()
        self.compensation.action_offer()

    def _page(self, url):
        response = self.url_open(url)
        return response

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return re.search(r'name="csrf_token"\s+value="([^"]+)"', response.text).group(1)

    def _decide(self, decision, token=None, csrf=None, comment=""):
        data = {"comment": comment}
        if csrf:
            data["csrf_token"] = csrf
        if token is not None:
            data["access_token"] = token
        return self.url_open(
            f"/my/compensation/{self.compensation.id}/{decision}", data=data
        )

    def test_owner_accepts_in_the_portal(self):
        self.authenticate("offer_owner", "offer_owner")
        page_url = f"/my/compensation/{self.compensation.id}"
        page = self._page(page_url)
        self.assertIn("A new screen, fitted free of charge.", page.text)
        self.assertIn("Accept the offer", page.text)
        # the breadcrumb leads back to the complaint
        self.assertIn(f'href="/my/ticket/{self.complaint.id}"', page.text)
        ticket_page = self._page(f"/my/ticket/{self.complaint.id}")
        self.assertIn(page_url, ticket_page.text)
        response = self._decide(
            "accept", csrf=self._csrf(page_url), comment="Great, thanks"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.compensation.state, "accepted")
        self.assertEqual(self.compensation.customer_comment, "Great, thanks")
        decision_note = self.compensation.message_ids.filtered(
            lambda m: "Great, thanks" in str(m.body)
        )
        self.assertEqual(len(decision_note), 1)
        self.assertEqual(decision_note.author_id, self.owner.partner_id)

    def test_customer_declines_with_the_mail_link_token(self):
        token = self.compensation._portal_ensure_token()
        page_url = f"/my/compensation/{self.compensation.id}?access_token={token}"
        response = self._decide("decline", token=token, csrf=self._csrf(page_url))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.compensation.state, "declined")

    @mute_logger("odoo.http")
    def test_another_customer_is_refused(self):
        self.authenticate("offer_other", "offer_other")
        page = self._page(f"/my/compensation/{self.compensation.id}")
        self.assertEqual(page.status_code, 403)
        self.assertNotIn("A new screen", page.text)
        csrf = self._csrf("/my")
        response = self._decide("accept", csrf=csrf)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.compensation.state, "offered")

    @mute_logger("odoo.http")
    def test_wrong_token_and_public_visitor_are_refused(self):
        self.compensation._portal_ensure_token()
        for token in ("wrong-token", None):
            page = self._page(
                f"/my/compensation/{self.compensation.id}"
                + (f"?access_token={token}" if token else "")
            )
            self.assertEqual(page.status_code, 403)
            csrf = self._csrf("/web/login")
            response = self._decide("accept", token=token, csrf=csrf)
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.compensation.state, "offered")

    @mute_logger("odoo.http")
    def test_get_or_missing_csrf_changes_nothing(self):
        self.authenticate("offer_owner", "offer_owner")
        response = self.url_open(f"/my/compensation/{self.compensation.id}/accept")
        self.assertIn(response.status_code, (403, 405))
        response = self._decide("accept")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.compensation.state, "offered")

    @mute_logger("odoo.http")
    def test_decided_offer_cannot_be_decided_again(self):
        self.compensation.action_decline()
        self.authenticate("offer_owner", "offer_owner")
        response = self._decide("accept", csrf=self._csrf("/my"))
        self.assertEqual(response.status_code, 403)
        self.assertIn("This offer can no longer be answered", response.text)
        self.assertEqual(self.compensation.state, "declined")
