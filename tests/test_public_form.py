"""The public complaint form and the complaints policy, over real HTTP as a
visitor without an account: the form registers and acknowledges the
complaint, refuses what it must (no contact, a robot, too many submissions,
no CSRF token, a file it does not take), and a visitor's link opens only
their own complaint."""

import base64
import re
from urllib.parse import parse_qs, urlparse

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

# a 1x1 PNG picture
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
FORM_LOGGER = "odoo.addons.complaint_management.controllers.public_form"


@tagged("post_install", "-at_install")
class TestPublicComplaintForm(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "complaint_form_ip_limit": 0,
                "complaint_form_email_limit": 0,
                "complaint_flood_limit": 0,
                "complaint_policy": False,
            }
        )
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _csrf(self):
        page = self.url_open(f"/complaint/new/{self.company.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/complaint/policy/{self.company.id}"', page.text)
        return re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)

    def _submit(self, csrf=True, files=None, **values):
        data = {
            "company_id": self.company.id,
            "name": "Vera Visitor",
            "email": "vera.visitor@example.com",
            "description": "The shoes I bought came apart after a week.\nBoth soles.",
            "remedy": "A new pair.",
        }
        data.update(values)
        if csrf is True:
            data["csrf_token"] = self._csrf()
        elif csrf:
            data["csrf_token"] = csrf
        return self.url_open(
            "/complaint/submit", data=data, files=files, allow_redirects=False
        )

    def _complaints(self, email="vera.visitor@example.com"):
        return self.Ticket.search(
            [("is_complaint", "=", True), ("partner_id.email", "=", email)]
        )

    def _token_of(self, response):
        query = parse_qs(urlparse(response.headers["Location"]).query)
        return query["access_token"][0]

    def test_visitor_registers_and_follows_a_complaint(self):
        response = self._submit(files={"attachment": ("sole.png", PNG, "image/png")})
        self.assertEqual(response.status_code, 303, response.text)
        complaint = self._complaints()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.complaint_state, "registered")
        self.assertEqual(complaint.name, "The shoes I bought came apart after a week.")
        self.assertIn("Both soles.", complaint.description)
        self.assertEqual(complaint.complaint_remedy_sought, "A new pair.")
        self.assertEqual(complaint.partner_id.name, "Vera Visitor")
        self.assertEqual(
            complaint.team_id,
            self.env["helpdesk.ticket.team"]._get_complaint_desk(self.company),
        )
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web"),
        )
        self.assertEqual(complaint.attachment_ids.mapped("name"), ["sole.png"])
        self.assertIn(complaint.partner_id, complaint.message_partner_ids)
        # acknowledged, in the template that links the policy
        acknowledgement = complaint.message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("complaint_management.mt_complaint_acknowledged")
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(complaint.partner_id, acknowledgement.notified_partner_ids)
        self.assertIn(f"/complaint/policy/{self.company.id}", acknowledgement.body)
        # the confirmation page: number, date, and the link to follow it
        token = self._token_of(response)
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(complaint.complaint_ref, page.text)
        deadline = self.env["ir.qweb.field.date"].value_to_html(
            complaint.complaint_deadline_date, {}
        )
        self.assertIn(deadline, page.text)
        link = re.search(r'<a[^>]*data-id="follow_link"[^>]*>', page.text).group(0)
        follow = re.search(r'href="([^"]+)"', link).group(1).replace("&amp;", "&")
        self.assertIn(f"access_token={token}", follow)
        portal = self.url_open(follow)
        self.assertEqual(portal.status_code, 200)
        self.assertIn(complaint.complaint_ref, portal.text)

    @mute_logger("odoo.http")
    def test_contact_is_required(self):
        response = self._submit(email="", phone="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("e-mail address or a phone number", response.text)
        self.assertFalse(self.Ticket.search([("partner_id.name", "=", "Vera Visitor")]))
        # a phone is enough
        response = self._submit(email="", phone="+32 470 12 34 56")
        self.assertEqual(response.status_code, 303)
        complaint = self.Ticket.search([("partner_id.phone", "=", "+32 470 12 34 56")])
        self.assertEqual(complaint.complaint_state, "registered")

    @mute_logger(FORM_LOGGER)
    def test_honeypot_files_nothing(self):
        response = self._submit(website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._complaints())

    @mute_logger(FORM_LOGGER)
    def test_limit_per_ip_address(self):
        self.company.complaint_form_ip_limit = 2
        for number in (1, 2):
            response = self._submit(email=f"ip{number}@example.com")
            self.assertEqual(response.status_code, 303)
        response = self._submit(email="ip3@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertFalse(self._complaints("ip3@example.com"))

    @mute_logger(FORM_LOGGER)
    def test_limit_per_email_address(self):
        self.company.complaint_form_email_limit = 1
        self.assertEqual(self._submit().status_code, 303)
        response = self._submit(email="Vera.Visitor@Example.com")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(self._complaints()), 1)
        # another address from the same place is not held back
        self.assertEqual(self._submit(email="other@example.com").status_code, 303)
        # only keyed hashes are kept
        attempts = self.env["complaint.intake.attempt"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertNotIn("vera.visitor@example.com", attempts.mapped("key_hash"))

    def test_flood_joins_the_latest_complaint_without_showing_it(self):
        self.company.complaint_flood_limit = 1
        first = self._submit()
        self.assertEqual(first.status_code, 303)
        again = self._submit(description="Still no answer about my shoes.")
        self.assertEqual(again.status_code, 200)
        complaint = self._complaints()
        self.assertEqual(len(complaint), 1)
        self.assertNotIn(complaint.complaint_ref, again.text)
        self.assertIn("Still no answer about my shoes.", complaint.message_ids[0].body)

    @mute_logger("odoo.http")
    def test_csrf_token_is_required(self):
        self.url_open(f"/complaint/new/{self.company.id}")
        for csrf in (False, "0123456789abcdef0123456789abcdef01234567o9999999999"):
            response = self._submit(csrf=csrf)
            self.assertEqual(response.status_code, 400, csrf)
        self.assertFalse(self._complaints())

    @mute_logger("odoo.http")
    def test_file_type_is_checked(self):
        response = self._submit(
            files={
                "attachment": (
                    "invoice.pdf",
                    b"MZ\x90\x00\x03binary",
                    "application/pdf",
                )
            }
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("cannot be attached", response.text)
        self.assertFalse(self._complaints())

    @mute_logger("odoo.http")
    def test_a_visitors_link_opens_only_their_complaint(self):
        token_a = self._token_of(self._submit(email="anna.a@example.com"))
        self._submit(email="boris.b@example.com")
        complaint_b = self._complaints("boris.b@example.com")
        self.assertTrue(complaint_b)
        for url in (
            f"/complaint/registered/{complaint_b.id}?access_token={token_a}",
            f"/my/ticket/{complaint_b.id}?access_token={token_a}",
            f"/complaint/registered/{complaint_b.id}",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("boris", response.text.lower())

    def test_policy_page_default_and_own_text(self):
        page = self.url_open(f"/complaint/policy/{self.company.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("If you are not satisfied", page.text)
        self.assertIn(f'href="/complaint/new/{self.company.id}"', page.text)
        self.company.complaint_policy = "<p>Call our ombudsman on 0800 123.</p>"
        page = self.url_open(f"/complaint/policy/{self.company.id}")
        self.assertIn("Call our ombudsman on 0800 123.", page.text)
        self.assertNotIn("If you are not satisfied", page.text)
        self.assertEqual(self.url_open("/complaint/policy/999999").status_code, 404)
        # the response letter links the policy too
        complaint = self.Ticket.create(
            {
                "name": "Late delivery",
                "description": "<p>Late.</p>",
                "is_complaint": True,
                "partner_id": self.env["res.partner"]
                .create({"name": "Lea Letter", "email": "lea@example.com"})
                .id,
            }
        )
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "complaint_management.action_report_complaint_response", complaint.ids
        )
        self.assertIn(f"/complaint/policy/{self.company.id}", html.decode())

    def test_default_policy_in_russian_and_bulgarian(self):
        for code in ("ru_RU", "bg_BG"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["ru_RU", "bg_BG"], overwrite=True
        )
        for lang, heading in (
            ("en_US", "If you are not satisfied"),
            ("ru_RU", "Если Вы не удовлетворены"),
            ("bg_BG", "Ако не сте удовлетворени"),
        ):
            policy = self.company.with_context(lang=lang)._get_complaint_policy_html()
            self.assertIn(heading, policy, lang)
