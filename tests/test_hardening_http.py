"""Portal and HTTP attacks, over real HTTP on the served test server."""

import json
import re

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

# Every route complaint_management defines or overrides: (auth, methods, csrf).
# A new route must be added here, with its protection thought through.
ROUTES = {
    "/ticket/close": ("user", ["POST"], True),
    "/submitted/ticket": ("user", None, True),
    "/my/ticket/<int:ticket_id>": ("public", None, True),
    "/my/compensation/<int:compensation_id>": ("public", ["GET"], True),
    "/my/compensation/<int:compensation_id>/<string:decision>": (
        "public",
        ["POST"],
        True,
    ),
    "/my": ("user", None, True),
    "/my/home": ("user", None, True),
    "/my/complaints": ("user", None, True),
    "/my/complaints/page/<int:page>": ("user", None, True),
    "/mail/chatter_fetch": ("public", None, True),
    # the public complaint form and policy (CSRF token, honeypot, limits)
    "/complaint/new": ("public", ["GET"], True),
    "/complaint/new/<int:company_id>": ("public", ["GET"], True),
    "/complaint/submit": ("public", ["POST"], True),
    "/complaint/registered/<int:ticket_id>": ("public", ["GET"], True),
    "/complaint/policy": ("public", ["GET"], True),
    "/complaint/policy/<int:company_id>": ("public", ["GET"], True),
}


@tagged("post_install", "-at_install")
class TestRouteTable(HttpCase):
    def test_every_route_is_listed_with_its_protection(self):
        modules = self.env["ir.module.module"].search([("state", "=", "installed")])
        found = {}
        for url, endpoint in http._generate_routing_rules(
            modules.mapped("name"), nodb_only=False
        ):
            module = endpoint.func.__func__.__module__
            if module.startswith("odoo.addons.complaint_management"):
                routing = endpoint.routing
                found[url] = (
                    routing["auth"],
                    routing.get("methods"),
                    routing.get("csrf", True),
                )
        self.assertEqual(found, ROUTES)


@tagged("post_install", "-at_install")
class TestPortalHardening(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.helpdesk_mgmt_portal_select_category = True
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Hardening complaints", "complaint_kind": "quality"}
        )
        cls.owner = new_test_user(
            cls.env, login="hard_owner", name="Olga Owner", groups="base.group_portal"
        )
        cls.other = new_test_user(
            cls.env, login="hard_other", name="Otto Other", groups="base.group_portal"
        )
        cls.owner.partner_id.email = "olga.hard@example.com"
        cls.other.partner_id.email = "otto.hard@example.com"
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def setUp(self):
        super().setUp()
        self.complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Cold pizza",
                "description": "<p>Cold on arrival.</p>",
                "category_id": self.category.id,
                "partner_id": self.owner.partner_id.id,
                "notes": "<p>Internal: driver was late twice this week.</p>",
            }
        )
        self.complaint.action_complaint_register()
        self.complaint.write(
            {
                "complaint_fault": "carrier",
                "complaint_root_cause": "Driver shortage.",
            }
        )

    def _csrf(self, url="/my"):
        page = self.url_open(url)
        return re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)

    def _close(self, ticket, csrf=None, stage=None, note="", allow_redirects=True):
        data = {"ticket_id": ticket.id, "stage_id": (stage or self.stage_done).id}
        if csrf:
            data["csrf_token"] = csrf
        if note:
            data["note"] = note
        return self.url_open(
            "/ticket/close", data=data, allow_redirects=allow_redirects
        )

    @mute_logger("odoo.http")
    def test_close_by_get_is_refused(self):
        self.authenticate("hard_owner", "hard_owner")
        response = self.url_open(
            f"/ticket/close?ticket_id={self.complaint.id}&stage_id={self.stage_done.id}"
        )
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self.complaint.closed)

    @mute_logger("odoo.http")
    def test_close_without_csrf_is_refused(self):
        self.authenticate("hard_owner", "hard_owner")
        response = self._close(self.complaint)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.complaint.closed)

    @mute_logger("odoo.http")
    def test_another_customer_cannot_close(self):
        self.authenticate("hard_other", "hard_other")
        response = self._close(self.complaint, csrf=self._csrf())
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(self.complaint.closed)

    @mute_logger("odoo.http")
    def test_public_visitor_cannot_close(self):
        response = self._close(
            self.complaint, csrf=self._csrf("/web/login"), allow_redirects=False
        )
        # Odoo sends anonymous visitors of an auth="user" route to the login
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertFalse(self.complaint.closed)

    def test_owner_withdraws_the_complaint(self):
        self.authenticate("hard_owner", "hard_owner")
        response = self._close(
            self.complaint, csrf=self._csrf(), note="Sorted out on the phone, thanks."
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.complaint.closed)
        self.assertEqual(self.complaint.complaint_close_reason, "withdrawn")
        self.assertEqual(
            self.complaint.complaint_close_note, "Sorted out on the phone, thanks."
        )
        self.assertEqual(
            self.complaint.complaint_withdrawn_by_id, self.owner.partner_id
        )
        self.assertTrue(self.complaint.complaint_withdrawn_date)

    @mute_logger("odoo.http")
    def test_stage_not_offered_in_portal_is_refused(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Where is my invoice?",
                "description": "<p>Not received.</p>",
                "partner_id": self.owner.partner_id.id,
            }
        )
        rejected = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        self.authenticate("hard_owner", "hard_owner")
        response = self._close(ticket, csrf=self._csrf(), stage=rejected)
        self.assertEqual(response.status_code, 400)
        self.assertIn("This stage cannot be chosen from the portal", response.text)
        self.assertFalse(ticket.closed)

    def test_complaint_stage_is_the_servers_choice(self):
        rejected = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        self.authenticate("hard_owner", "hard_owner")
        response = self._close(self.complaint, csrf=self._csrf(), stage=rejected)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.complaint.complaint_state, "withdrawn")
        self.assertEqual(
            self.complaint.stage_id, self.complaint._get_complaint_withdraw_stage()
        )
        self.assertNotEqual(self.complaint.stage_id, rejected)

    @mute_logger("odoo.http")
    def test_other_customers_page_is_not_found(self):
        self.authenticate("hard_other", "hard_other")
        response = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Cold pizza", response.text)
        self.authenticate(None, None)
        response = self.url_open(f"/my/ticket/{self.complaint.id}?access_token=wrong")
        self.assertEqual(response.status_code, 404)

    @mute_logger("odoo.http")
    def test_portal_form_refuses_foreign_category_and_team(self):
        hidden = self.env["helpdesk.ticket.category"].create(
            {
                "name": "Internal only",
                "complaint_kind": "staff",
                "show_in_portal": False,
            }
        )
        hidden_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Back office", "show_in_portal": False}
        )
        self.env.company.helpdesk_mgmt_portal_select_team = True
        self.authenticate("hard_owner", "hard_owner")
        for field, value, message in (
            ("category", hidden.id, "This category cannot be chosen"),
            ("team", hidden_team.id, "This team cannot be chosen"),
            ("category", "not-a-number", "Invalid category or team"),
        ):
            data = {
                "csrf_token": self._csrf("/new/ticket"),
                "subject": f"Probe {field} {value}",
                "description": "x",
                field: value,
            }
            response = self.url_open("/submitted/ticket", data=data)
            self.assertEqual(response.status_code, 400)
            self.assertIn(message, response.text)
            self.assertFalse(
                self.env["helpdesk.ticket"].search([("name", "=", data["subject"])])
            )

    def test_internal_fields_are_not_readable_over_rpc(self):
        self.authenticate("hard_owner", "hard_owner")

        def read(fields):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "helpdesk.ticket",
                            "method": "read",
                            "args": [[self.complaint.id], fields],
                            "kwargs": {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            return response.json()

        allowed = read(["complaint_ref", "complaint_assessment"])
        self.assertEqual(
            allowed["result"][0]["complaint_ref"], self.complaint.complaint_ref
        )
        for field in (
            "complaint_assessment_note",
            "complaint_fault",
            "complaint_root_cause",
            "complaint_assessed_by_id",
            "notes",
        ):
            result = read([field])
            self.assertIn("error", result, field)
            self.assertIn("AccessError", result["error"]["data"]["name"], field)
        page = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertNotIn("Driver shortage", page.text)
        self.assertNotIn("driver was late", page.text)

    @mute_logger("odoo.http")
    def test_rating_link_with_wrong_token(self):
        response = self.url_open("/rate/not-a-token/1")
        self.assertEqual(response.status_code, 404)
