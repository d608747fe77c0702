"""Issue 21 items 15 and the portal side of 7/8: the lists show the deadline
as a day and no empty columns, the phrase guard's dialog says what stopped the
message, the overview's cards share one layout, the rating radio stays off
complaints, and the portal names a complaint by its journal number and offers
a complaint form with complaint categories only."""

import json
import re

from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.complaint_management.exceptions import PhraseGuardError

from .common import ComplaintCase


def _action_context(env, xmlid):
    return safe_eval(env.ref(xmlid).context or "{}", {"uid": env.uid})


def _arch(env, model, view_type, view_id=None, context=None):
    Model = env[model].with_context(**(context or {}))
    views = Model.get_views([(view_id, view_type)])
    return etree.fromstring(views["views"][view_type]["arch"])


@tagged("post_install", "-at_install")
class TestComplaintLists(ComplaintCase):
    def _column_hidden(self, column, context):
        hidden = column.get("column_invisible")
        return bool(hidden) and safe_eval(hidden, {"context": context})

    def test_ticket_list_shows_the_deadline_day_once(self):
        arch = _arch(self.env, "helpdesk.ticket", "list")
        self.assertFalse(arch.xpath("//field[@name='complaint_deadline']"))
        [deadline] = arch.xpath("//field[@name='complaint_deadline_date']")
        self.assertIn("overdue", deadline.get("decoration-danger"))
        # the deadline state is read for the colours only, not a second column
        [state] = arch.xpath("//field[@name='complaint_deadline_state']")
        self.assertEqual(state.get("column_invisible"), "1")

    def test_journal_list_shows_the_deadline_day_once(self):
        view = self.env.ref(
            "complaint_management.helpdesk_ticket_view_list_complaint_journal"
        )
        arch = _arch(self.env, "helpdesk.ticket", "list", view.id)
        self.assertFalse(arch.xpath("//field[@name='complaint_deadline']"))
        self.assertEqual(len(arch.xpath("//field[@name='complaint_deadline_date']")), 1)
        [state] = arch.xpath("//field[@name='complaint_deadline_state']")
        self.assertEqual(state.get("column_invisible"), "1")
        [stage] = arch.xpath("//field[@name='stage_id']")
        self.assertTrue(stage.get("width"))

    def test_complaints_app_list_names_the_customer_not_the_free_text(self):
        in_app = _action_context(self.env, "complaint_management.action_complaint_all")
        arch = _arch(self.env, "helpdesk.ticket", "list", context=in_app)
        [partner_name] = arch.xpath("//field[@name='partner_name']")
        self.assertTrue(self._column_hidden(partner_name, in_app))
        self.assertFalse(self._column_hidden(partner_name, {}))
        [partner] = arch.xpath("//field[@name='partner_id']")
        self.assertEqual(partner.get("optional"), "show")
        # Russian stage names fit their badge
        [stage] = arch.xpath("//field[@name='stage_id']")
        self.assertTrue(stage.get("width"))

    def test_rating_radio_is_hidden_on_complaints(self):
        arch = _arch(self.env, "helpdesk.ticket", "form")
        radios = arch.xpath("//field[@name='rating_status'][@widget='radio']")
        self.assertEqual(len(radios), 1)
        self.assertEqual(radios[0].get("invisible"), "is_complaint")


@tagged("post_install", "-at_install")
class TestOverviewCards(ComplaintCase):
    def test_every_figure_is_a_row_of_label_and_number(self):
        view = self.env.ref(
            "complaint_management.helpdesk_ticket_category_view_kanban_overview"
        )
        arch = _arch(self.env, "helpdesk.ticket.category", "kanban", view.id)
        [title] = arch.xpath("//t[@t-name='card']/a[field[@name='name']]")
        # one line whatever the name's length, so every card's rows line up
        self.assertIn("text-truncate", title.get("class"))
        for name in (
            "complaint_overdue_count",
            "complaint_pending_count",
            "complaint_to_approve_count",
        ):
            [row] = arch.xpath(f"//a[field[@name='{name}']]")
            classes = row.get("class").split()
            self.assertIn("d-flex", classes)
            self.assertIn("justify-content-between", classes)
            self.assertIn("text-nowrap", classes)
            self.assertEqual(row.xpath("span")[0].get("class"), "text-truncate")
            # no t-if: a zero figure keeps its row
            self.assertFalse(row.get("t-if"))


@tagged("post_install", "-at_install")
class TestOverviewCardsInTheBrowser(HttpCase):
    def test_cards_line_up(self):
        Category = self.env["helpdesk.ticket.category"]
        Category.create({"name": "Overview A", "complaint_kind": "staff"})
        Category.create({"name": "Overview B", "complaint_kind": "quality"})
        action = self.env.ref("complaint_management.action_complaint_overview")
        self.start_tour(
            f"/odoo/action-{action.id}",
            "complaint_management_overview_cards",
            login="admin",
            timeout=180,
        )


@tagged("post_install", "-at_install")
class TestPhraseGuardDialog(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Guarded complaints", "complaint_kind": "quality"}
        )
        customer = cls.env["res.partner"].create(
            {"name": "Gina Guarded", "email": "gina.guarded@example.com"}
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Stale bread",
                "description": "<p>Stale.</p>",
                "category_id": category.id,
                "partner_id": customer.id,
            }
        )
        cls.complaint.action_complaint_register()
        cls.agent = new_test_user(
            cls.env,
            login="phrase_dialog_agent",
            groups="complaint_management.group_complaint_user",
        )
        cls.complaint.user_id = cls.agent

    def test_guard_raises_its_own_error(self):
        with self.assertRaises(PhraseGuardError):
            self.complaint.with_user(self.agent).message_post(
                body="Sorry, but YOU are... wrong!",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def test_dialog_is_titled_phrase_to_avoid(self):
        self.start_tour(
            f"/odoo/helpdesk.ticket/{self.complaint.id}",
            "complaint_management_phrase_guard_dialog",
            login="phrase_dialog_agent",
            timeout=180,
        )
        self.assertFalse(
            self.complaint.message_ids.filtered(
                lambda message: "YOU are" in (message.body or "")
            )
        )

    def test_dialog_title_is_translated(self):
        if not self.env["res.lang"]._lang_get("ru_RU"):
            self.skipTest("Russian is not installed")
        response = self.url_open(
            "/web/webclient/translations/1?lang=ru_RU&mods=complaint_management"
        )
        messages = response.json()["modules"]["complaint_management"]["messages"]
        titles = {m["id"]: m["string"] for m in messages}
        self.assertEqual(titles.get("Phrase to Avoid"), "Нежелательная фраза")

    def test_rpc_error_names_the_phrase_guard(self):
        """The web client picks the dialog and its title by the exception's
        name: ours is registered as "Phrase to Avoid", not "Invalid
        Operation"."""
        self.authenticate("phrase_dialog_agent", "phrase_dialog_agent")
        response = self.url_open(
            "/web/dataset/call_kw/helpdesk.ticket/message_post",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "helpdesk.ticket",
                        "method": "message_post",
                        "args": [[self.complaint.id]],
                        "kwargs": {
                            "body": "Sorry, but YOU are... wrong!",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]["data"]
        self.assertEqual(
            error["name"],
            "odoo.addons.complaint_management.exceptions.PhraseGuardError",
        )
        self.assertIn("Before this goes to the customer", error["message"])
        # and the backend bundle maps that name to the titled dialog
        bundle = self.env["ir.qweb"]._get_asset_bundle("web.assets_backend")
        sources = "".join(asset.content for asset in bundle.javascripts)
        self.assertIn("complaint_management.exceptions.PhraseGuardError", sources)
        self.assertIn("Phrase to Avoid", sources)


@tagged("post_install", "-at_install")
class TestPortalComplaintNumberAndForm(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.helpdesk_mgmt_portal_select_category = True
        cls.complaint_category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal form complaints", "complaint_kind": "quality"}
        )
        cls.it_category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal form printers"}
        )
        cls.portal = new_test_user(
            cls.env,
            login="portal_number_user",
            name="Nina Number",
            groups="base.group_portal",
        )
        cls.portal.partner_id.email = "nina.number@example.com"

    def test_complaint_page_is_titled_by_its_journal_number(self):
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Cracked jar",
                "description": "<p>Cracked.</p>",
                "category_id": self.complaint_category.id,
                "partner_id": self.portal.partner_id.id,
            }
        )
        complaint.action_complaint_register()
        self.authenticate("portal_number_user", "portal_number_user")
        page = self.url_open(f"/my/ticket/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        title = re.search(r'<h2[^>]*data-id="number"[^>]*>(.*?)</h2>', page.text, re.S)
        self.assertEqual(title.group(1).strip(), complaint.complaint_ref)
        crumb = re.search(
            r'<li class="breadcrumb-item active text-truncate">\s*<span>(.*?)</span>',
            page.text,
            re.S,
        )
        self.assertEqual(
            crumb.group(1).strip(), f"{complaint.complaint_ref} - Cracked jar"
        )
        self.assertNotIn(complaint.number, page.text)

    def test_complaint_form_offers_only_complaint_categories(self):
        self.authenticate("portal_number_user", "portal_number_user")
        form = self.url_open("/new/ticket?complaint=1")
        self.assertEqual(form.status_code, 200)
        self.assertIn("File a complaint", form.text)
        self.assertIn(self.complaint_category.complete_name, form.text)
        self.assertNotIn(self.it_category.complete_name, form.text)
        # helpdesk's own form keeps every category
        form = self.url_open("/new/ticket")
        self.assertIn(self.complaint_category.complete_name, form.text)
        self.assertIn(self.it_category.complete_name, form.text)
        self.assertNotIn("File a complaint", form.text)
