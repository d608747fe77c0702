"""What the customer sees in the portal, over real HTTP: every message we
sent them in their complaint's conversation, authored by us; a complaint they
file reaches the complaints desk and an agent; one clear way to withdraw it;
their complaints and waiting offers on /my."""

import re

from lxml import html as lxml_html

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.complaint_management.models.helpdesk_ticket import CLOSED_STATES


@tagged("post_install", "-at_install")
class PortalCustomerCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.email = "desk@company.example.com"
        cls.company.helpdesk_mgmt_portal_select_category = True
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Portal view complaints",
                "complaint_kind": "quality",
                "company_id": cls.company.id,
            }
        )
        cls.agent = new_test_user(
            cls.env,
            login="pc_agent",
            name="Petra Agent",
            email="petra.agent@example.com",
            groups="complaint_management.group_complaint_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="pc_manager",
            name="Max Manager",
            email="max.manager@example.com",
            groups="complaint_management.group_complaint_manager",
        )
        cls.customer = new_test_user(
            cls.env,
            login="pc_customer",
            name="Clara Customer",
            email="clara.customer@example.com",
            groups="base.group_portal",
        )
        cls.env["complaint.approval.limit"].create(
            {"user_id": cls.agent.id, "amount": 1000}
        )

    def _complaint(self, name="Scratched table top", user=None):
        complaint = (
            self.env["helpdesk.ticket"]
            .with_user(user or self.agent)
            .create(
                {
                    "name": name,
                    "description": "<p>Deep scratch across the top.</p>",
                    "category_id": self.category.id,
                    "partner_id": self.customer.partner_id.id,
                }
            )
        )
        complaint.action_complaint_register()
        return complaint.with_user(self.env.user)

    def _ordinary_ticket(self):
        """A question of the same customer: no complaint."""
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Opening hours at Christmas?",
                "description": "<p>Open on the 24th?</p>",
                "partner_id": self.customer.partner_id.id,
            }
        )

    def _csrf(self, url="/my"):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)

    def _portal_conversation(self, ticket):
        """The messages the portal chatter of the ticket's page loads."""
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        params = {"thread_model": "helpdesk.ticket", "thread_id": ticket.id}
        if ticket.access_token:
            params["token"] = ticket.access_token
        result = self.make_jsonrpc_request("/mail/chatter_fetch", params)
        return self.env["mail.message"].browse(result["messages"])


@tagged("post_install", "-at_install")
class TestPortalConversation(PortalCustomerCase):
    def test_conversation_shows_what_we_sent(self):
        # wkhtmltopdf fetches the letter's assets from the test server while
        # this thread compiles: load the server's module list first, as
        # Python 3.11.7's compiler is not safe in two threads (gh-106905)
        http.root.statics  # noqa: B018
        complaint = self._complaint()
        acknowledgement = complaint.message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("complaint_management.mt_complaint_acknowledged")
        )
        self.assertEqual(len(acknowledgement), 1)
        complaint.with_user(self.agent).write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "The top was scratched in transit.",
                "complaint_response": "<p>You are right: a new top is on its way.</p>",
                "complaint_customer_summary": "The table top arrived scratched.",
                "complaint_customer_findings": "It was scratched in transit.",
            }
        )
        complaint.with_user(self.manager).action_complaint_sign_response()
        complaint.with_user(self.agent).action_complaint_send_response()
        self.env["helpdesk.ticket"]._cron_complaint_send_letters()
        letter = complaint.message_ids.filtered(
            lambda m: complaint._get_complaint_response_letter() in m.attachment_ids
        )
        self.assertEqual(len(letter), 1)
        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "replacement",
                    "amount": 90,
                    "description": "A new table top, fitted at your home.",
                }
            )
        )
        compensation.action_submit()
        compensation.action_offer()
        offer = complaint.message_ids.filtered(
            lambda m: compensation.get_portal_url() in str(m.body)
        )
        self.assertEqual(len(offer), 1, "the offer is told on the complaint too")
        note = complaint.with_user(self.agent).message_post(
            body="Internal: the carrier dropped it.", subtype_xmlid="mail.mt_note"
        )

        self.authenticate("pc_customer", "pc_customer")
        conversation = self._portal_conversation(complaint)
        self.assertIn(acknowledgement, conversation)
        self.assertIn(letter, conversation)
        self.assertIn(offer, conversation)
        self.assertNotIn(note, conversation)
        # written by us, never by the customer
        self.assertEqual(acknowledgement.author_id, self.company.partner_id)
        self.assertEqual(offer.author_id, self.company.partner_id)
        # the letter goes out in the name of the agent who released it
        self.assertEqual(letter.author_id, self.agent.partner_id)
        # telling the offer on the complaint mails nobody twice
        self.assertFalse(offer.notification_ids)

        # the customer answers in the conversation, and sees their answer
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": complaint.id,
                "post_data": {
                    "body": "Thank you, Tuesday suits me.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": complaint.access_token,
            },
        )
        answer = complaint.message_ids.filtered(
            lambda m: "Tuesday suits me" in str(m.body)
        )
        self.assertEqual(answer.author_id, self.customer.partner_id)
        self.assertIn(answer, self._portal_conversation(complaint))

    def test_ordinary_ticket_conversation_unchanged(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "How do I reset my password?",
                "description": "<p>Forgot it.</p>",
                "partner_id": self.customer.partner_id.id,
            }
        )
        reply = ticket.message_post(
            body="Click on 'Reset password'.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        note = ticket.message_post(body="Internal", subtype_xmlid="mail.mt_note")
        self.authenticate("pc_customer", "pc_customer")
        conversation = self._portal_conversation(ticket)
        self.assertIn(reply, conversation)
        self.assertNotIn(note, conversation)


@tagged("post_install", "-at_install")
class TestPortalFiling(PortalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls.env["helpdesk.ticket.team"]._get_complaint_desk(cls.company)
        cls.busy = new_test_user(
            cls.env,
            login="pc_busy",
            name="Bea Busy",
            groups="complaint_management.group_complaint_user",
        )
        cls.free = new_test_user(
            cls.env,
            login="pc_free",
            name="Fred Free",
            groups="complaint_management.group_complaint_user",
        )
        # a desk with members who each have open complaints but Fred
        cls.desk.user_ids = cls.busy | cls.free
        for user in cls.desk.user_ids - cls.free:
            for number in range(2):
                cls.env["helpdesk.ticket"].create(
                    {
                        "name": f"Open complaint {number}",
                        "description": "<p>Still open.</p>",
                        "category_id": cls.category.id,
                        "partner_id": cls.customer.partner_id.id,
                        "team_id": cls.desk.id,
                        "user_id": user.id,
                    }
                ).action_complaint_register()

    def _file(self, subject):
        self.authenticate("pc_customer", "pc_customer")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": self._csrf("/new/ticket"),
                "category": self.category.id,
                "subject": subject,
                "description": "It wobbles.",
            },
        )
        self.assertEqual(response.status_code, 200)
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    def test_portal_complaint_goes_to_the_desk_and_an_agent(self):
        self.assertTrue(self.desk.is_complaint_team)
        complaint = self._file("Wobbly chair leg")
        self.assertEqual(complaint.team_id, self.desk)
        self.assertEqual(complaint.stage_id, self.desk._get_applicable_stages()[:1])
        self.assertEqual(complaint.user_id, self.free)
        acknowledgement = complaint.message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("complaint_management.mt_complaint_acknowledged")
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.author_id, self.company.partner_id)
        self.assertNotEqual(acknowledgement.author_id, self.customer.partner_id)
        self.assertIn(acknowledgement, self._portal_conversation(complaint))
        # the next one goes to the agent with the fewest open complaints again
        self.assertEqual(self._file("Wobbly table leg").user_id, self.free)

    def test_no_agent_when_auto_assign_is_off(self):
        self.company.helpdesk_mgmt_ticket_auto_assign = False
        complaint = self._file("Loose drawer handle")
        self.assertEqual(complaint.team_id, self.desk)
        self.assertFalse(complaint.user_id)

    def test_fewest_open_complaints_wins(self):
        self.assertEqual(self.desk._get_complaint_assignee(), self.free)
        self.env["helpdesk.ticket"].search(
            [("user_id", "=", self.busy.id), ("is_complaint", "=", True)]
        ).write(
            {
                "complaint_close_reason": "duplicate",
                "complaint_close_note": "Filed twice.",
                "stage_id": self.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
                ).id,
            }
        )
        self.assertTrue(
            all(
                state in CLOSED_STATES
                for state in self.env["helpdesk.ticket"]
                .search([("user_id", "=", self.busy.id)])
                .mapped("complaint_state")
            )
        )
        # Bea's complaints are closed: both have none open, and Fred, who was
        # given none yet, has his turn
        self.assertEqual(self.desk._get_complaint_assignee(), self.free)


@tagged("post_install", "-at_install")
class TestPortalWithdraw(PortalCustomerCase):
    def test_one_withdraw_form_then_withdrawn(self):
        complaint = self._complaint()
        self.authenticate("pc_customer", "pc_customer")
        page = self.url_open(f"/my/ticket/{complaint.id}").text
        self.assertEqual(page.count('name="note"'), 1)
        self.assertEqual(page.count("Withdraw my complaint"), 1)
        self.assertNotIn('name="stage_id"', page)
        response = self.url_open(
            "/ticket/close",
            data={
                "csrf_token": self._csrf(f"/my/ticket/{complaint.id}"),
                "ticket_id": complaint.id,
                "note": "We sorted it out on the phone.",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(complaint.complaint_state, "withdrawn")
        self.assertTrue(complaint.stage_id.closed)
        self.assertEqual(
            complaint.complaint_close_note, "We sorted it out on the phone."
        )
        self.assertEqual(complaint.complaint_withdrawn_by_id, self.customer.partner_id)
        # a closed complaint offers no withdrawal
        self.assertNotIn("Withdraw my complaint", response.text)

    @mute_logger("odoo.http")
    def test_only_an_open_complaint_is_withdrawn(self):
        complaint = self._complaint()
        complaint.write(
            {
                "complaint_close_reason": "duplicate",
                "complaint_close_note": "Same as the other one.",
                "stage_id": self.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
                ).id,
            }
        )
        self.assertEqual(complaint.complaint_state, "duplicate")
        self.authenticate("pc_customer", "pc_customer")
        self.assertNotIn(
            "Withdraw my complaint", self.url_open(f"/my/ticket/{complaint.id}").text
        )
        response = self.url_open(
            "/ticket/close",
            data={"csrf_token": self._csrf(), "ticket_id": complaint.id},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(complaint.complaint_state, "duplicate")

    def test_ordinary_ticket_keeps_the_stage_buttons(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer driver question",
                "description": "<p>Which one?</p>",
                "partner_id": self.customer.partner_id.id,
            }
        )
        self.authenticate("pc_customer", "pc_customer")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertNotIn("Withdraw my complaint", page)
        self.assertIn('name="stage_id"', page)
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        response = self.url_open(
            "/ticket/close",
            data={
                "csrf_token": self._csrf(),
                "ticket_id": ticket.id,
                "stage_id": done.id,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ticket.stage_id, done)


@tagged("post_install", "-at_install")
class TestPortalHome(PortalCustomerCase):
    def test_home_counts_complaints_and_waiting_offers(self):
        complaint = self._complaint()
        self._complaint("Second complaint")
        ordinary = self._ordinary_ticket()
        self.authenticate("pc_customer", "pc_customer")
        home = self.url_open("/my").text
        self.assertIn('data-placeholder_count="complaint_count"', home)
        self.assertIn('href="/my/complaints"', home)
        self.assertNotIn("awaiting your answer", home)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["complaint_count", "ticket_count"]}
        )
        self.assertEqual(counters["complaint_count"], 2)
        # the home page shows the count itself, not only the counter's badge
        self.assertRegex(
            home, r'<span>Complaints</span>\s*<span [^>]*data-id="badge">2</span>'
        )
        self.assertEqual(counters["ticket_count"], 3)
        listing = self.url_open("/my/complaints").text
        self.assertIn(complaint.complaint_ref, listing)
        self.assertIn("Second complaint", listing)
        self.assertNotIn(ordinary.name, listing)

        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "store_credit",
                    "amount": 20,
                    "description": "A voucher for your next purchase.",
                }
            )
        )
        compensation.action_submit()
        compensation.action_offer()
        home = self.url_open("/my").text
        self.assertIn("1 offer awaiting your answer", home)
        self.assertIn(f'href="{compensation.get_portal_url()}"', home)
        waiting = self.url_open("/my/complaints?filterby=offers").text
        self.assertIn(complaint.complaint_ref, waiting)
        self.assertNotIn("Second complaint", waiting)
        compensation.action_accept()
        self.assertNotIn("awaiting your answer", self.url_open("/my").text)


@tagged("post_install", "-at_install")
class TestPortalComplaintStatus(PortalCustomerCase):
    """A registered complaint shows the customer its number and where it
    stands in its lifecycle, once; not the ticket's database id nor the
    team's helpdesk stage, which an ordinary ticket keeps."""

    STAGE_TITLE = "Current stage of this ticket"

    def _page(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return lxml_html.fromstring(page.text)

    @staticmethod
    def _texts(tree, xpath):
        return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]

    def _header(self, tree):
        return tree.xpath("//div[@id='card_header']")[0]

    def test_complaint_page_shows_its_status_not_the_stage(self):
        complaint = self._complaint("Wobbly chair legs")
        # a stage name the lifecycle never uses, to find it if it shows
        complaint.stage_id.sudo().name = "Queue Q7"
        self.authenticate("pc_customer", "pc_customer")
        tree = self._page(f"/my/ticket/{complaint.id}")
        self.assertEqual(
            self._texts(tree, "//*[@data-id='complaint_status']"), ["Registered"]
        )
        header = " ".join(self._header(tree).text_content().split())
        self.assertIn("Status: Registered", header)
        self.assertNotIn("Queue Q7", header)
        self.assertNotIn(f"(#{complaint.id})", header)
        self.assertFalse(tree.xpath(f"//*[@title='{self.STAGE_TITLE}']"))

        closing = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        complaint._complaint_withdraw_by_customer(
            self.customer.partner_id, "Fixed it myself.", closing
        )
        tree = self._page(f"/my/ticket/{complaint.id}")
        self.assertEqual(
            self._texts(tree, "//*[@data-id='complaint_status']"), ["Withdrawn"]
        )
        # in the customer's language
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["ru_RU"], overwrite=True
        )
        self.customer.lang = "ru_RU"
        russian = self.env(context={"lang": "ru_RU"})
        labels = dict(
            russian["helpdesk.ticket"]
            ._fields["complaint_state"]
            ._description_selection(russian)
        )
        self.assertNotEqual(labels["withdrawn"], "Withdrawn")
        self.env.flush_all()
        # a new visit: the last one's frontend_lang cookie said English
        self.opener.cookies.clear()
        self.authenticate("pc_customer", "pc_customer")
        tree = self._page(f"/my/ticket/{complaint.id}")
        header = " ".join(self._header(tree).text_content().split())
        self.assertIn(f"Статус: {labels['withdrawn']}", header)

    def test_ordinary_ticket_page_keeps_stage_and_number(self):
        ordinary = self._ordinary_ticket()
        self.authenticate("pc_customer", "pc_customer")
        tree = self._page(f"/my/ticket/{ordinary.id}")
        header = " ".join(self._header(tree).text_content().split())
        self.assertIn(f"(#{ordinary.id})", header)
        self.assertEqual(
            self._texts(tree, f"//*[@title='{self.STAGE_TITLE}']"),
            [ordinary.stage_id.name],
        )
        self.assertFalse(tree.xpath("//*[@data-id='complaint_status']"))

    def test_lists_show_a_complaints_status(self):
        complaint = self._complaint("Wobbly chair legs")
        complaint.stage_id.sudo().name = "Queue Q7"
        ordinary = self._ordinary_ticket()
        self.authenticate("pc_customer", "pc_customer")
        for url, rows in (
            (
                "/my/tickets",
                {complaint: "Registered", ordinary: ordinary.stage_id.name},
            ),
            ("/my/complaints", {complaint: "Registered"}),
        ):
            tree = self._page(url)
            for ticket, status in rows.items():
                row = tree.xpath(
                    f"//tr[.//a[contains(@href, '/my/ticket/{ticket.id}?')]]"
                )
                self.assertEqual(len(row), 1, (url, ticket.name))
                cells = self._texts(row[0], ".//span[contains(@class, 'badge')]")
                self.assertEqual(cells, [status], (url, ticket.name))


@tagged("post_install", "-at_install")
class TestPortalBreadcrumbs(PortalCustomerCase):
    """A complaint's pages lead back to Complaints (/my/complaints), an
    ordinary ticket's to Tickets (/my/tickets)."""

    def _breadcrumbs(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        tree = lxml_html.fromstring(page.text)
        items = tree.xpath("//ol[contains(@class, 'o_portal_submenu')]/li")[1:]
        return [
            (" ".join(li.text_content().split()), li.xpath("string(.//a/@href)"))
            for li in items
        ]

    def test_complaint_pages_lead_back_to_complaints(self):
        complaint = self._complaint("Rude caller, keep an eye on him")
        compensation = (
            self.env["complaint.compensation"]
            .with_user(self.agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "store_credit",
                    "amount": 20,
                    "description": "A voucher for your next purchase.",
                }
            )
        )
        compensation.action_submit()
        compensation.action_offer()
        ordinary = self._ordinary_ticket()
        self.authenticate("pc_customer", "pc_customer")
        self.assertEqual(self._breadcrumbs("/my/complaints"), [("Complaints", "")])
        crumbs = self._breadcrumbs(f"/my/ticket/{complaint.id}")
        self.assertEqual(crumbs[0][0], "Complaints")
        self.assertTrue(crumbs[0][1].startswith("/my/complaints"), crumbs)
        # named as in the back office: the journal number first
        self.assertEqual(crumbs[1][0], complaint.display_name)
        self.assertTrue(crumbs[1][0].startswith(complaint.complaint_ref))
        self.assertEqual(len(crumbs), 2, crumbs)
        crumbs = self._breadcrumbs(f"/my/compensation/{compensation.id}")
        self.assertEqual(
            crumbs,
            [
                ("Complaints", "/my/complaints"),
                (complaint.display_name, f"/my/ticket/{complaint.id}"),
                ("Our proposal", ""),
            ],
        )
        # an ordinary ticket keeps helpdesk's breadcrumb
        crumbs = self._breadcrumbs(f"/my/ticket/{ordinary.id}")
        self.assertEqual(crumbs[0][0], "Tickets")
        self.assertTrue(crumbs[0][1].startswith("/my/tickets"), crumbs)
        self.assertEqual(crumbs[1], (ordinary.name, ""))
        self.assertEqual(self._breadcrumbs("/my/tickets"), [("Tickets", "")])


@tagged("post_install", "-at_install")
class TestPortalConversationTour(PortalCustomerCase):
    def test_customer_reads_the_acknowledgement_in_the_portal(self):
        complaint = self._complaint("Tour: the sofa arrived torn")
        # the tour reads the company's name as the author; Inventory's demo
        # data (installed with the returns bridge) renames the main company
        self.company.name = "YourCompany"
        self.start_tour(
            "/my",
            "complaint_management_portal_conversation",
            login="pc_customer",
            # the first browser test of a database waits for the assets
            timeout=180,
        )
        self.assertEqual(complaint.complaint_state, "registered")
