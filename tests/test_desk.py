"""What the agent sees: a complaint is named by its journal number, the
Complaints app opens new records as complaints of the complaints desk, the
lifecycle is the form's status bar and the kanban's columns, helpdesk's
generic stage mail does not reach a complaint's customer, and the approval
queue decides from the list."""

from lxml import etree

from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.complaint_management.models.helpdesk_ticket import (
    COMPLAINT_STATES,
)

from .common import ComplaintCase
from .test_compensation import CompensationCase

# the first browser test of a database waits for the assets to be built
TOUR_TIMEOUT = 180


def _action_context(env, xmlid):
    action = env.ref(xmlid)
    return safe_eval(action.context or "{}", {"uid": env.uid})


def _arch(env, model, view_type, view_id=None, context=None):
    Model = env[model].with_context(**(context or {}))
    views = Model.get_views([(view_id, view_type)])
    return etree.fromstring(views["views"][view_type]["arch"])


@tagged("post_install", "-at_install")
class TestOneNumber(ComplaintCase):
    def test_registered_complaint_is_named_by_its_journal_number(self):
        complaint = self._registered_complaint()
        self.assertTrue(complaint.complaint_ref.startswith("CMP/"))
        self.assertEqual(
            complaint.display_name, f"{complaint.complaint_ref} - Expired yoghurt"
        )
        self.assertNotIn(complaint.number, complaint.display_name)

    def test_compensation_is_named_by_the_journal_number(self):
        complaint = self._registered_complaint()
        compensation = self.env["complaint.compensation"].create(
            {"ticket_id": complaint.id, "compensation_type": "refund", "amount": 5}
        )
        self.assertTrue(compensation.display_name.startswith(complaint.complaint_ref))
        self.assertNotIn(complaint.number, compensation.display_name)

    def test_ordinary_ticket_and_draft_complaint_keep_the_helpdesk_number(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "How do I reset my password?",
                "description": "<p>Forgot it.</p>",
                "category_id": self.category_support.id,
            }
        )
        self.assertFalse(ticket.is_complaint)
        self.assertEqual(
            ticket.display_name, f"{ticket.number} - How do I reset my password?"
        )
        draft = self._new_complaint()
        self.assertEqual(draft.display_name, f"{draft.number} - Expired yoghurt")

    def test_form_heads_with_the_journal_number(self):
        arch = _arch(self.env, "helpdesk.ticket", "form")
        [title] = arch.xpath("//h1[hasclass('oe_title')]")
        self.assertEqual(
            title.xpath(".//field[@name='complaint_ref']/@invisible"),
            ["not complaint_ref"],
        )
        [number_invisible] = title.xpath(".//field[@name='number']/@invisible")
        self.assertIn("complaint_ref", number_invisible)
        # no second, small and grey, complaint number under the title
        self.assertFalse(
            arch.xpath("//div[hasclass('text-muted')]/field[@name='complaint_ref']")
        )

    def test_kanban_card_shows_the_journal_number(self):
        arch = _arch(self.env, "helpdesk.ticket", "kanban")
        [card] = arch.xpath("//t[@t-name='card']")
        self.assertEqual(
            card.xpath(".//field[@name='number']/@invisible"), ["complaint_ref"]
        )
        self.assertTrue(card.xpath(".//field[@name='complaint_ref']"))

    def test_list_column_fits_the_journal_number(self):
        arch = _arch(self.env, "helpdesk.ticket", "list")
        [column] = arch.xpath("//field[@name='complaint_ref']")
        self.assertTrue(column.get("width"))
        [number] = arch.xpath("//field[@name='number']")
        self.assertEqual(number.get("invisible"), "complaint_ref")
        in_app = _action_context(self.env, "complaint_management.action_complaint_all")
        hidden = number.get("column_invisible")
        self.assertTrue(safe_eval(hidden, {"context": in_app}))
        self.assertFalse(safe_eval(hidden, {"context": {}}))


@tagged("post_install", "-at_install")
class TestComplaintsAppNew(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.context = _action_context(
            cls.env, "complaint_management.action_complaint_all"
        )
        cls.phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Test IT support", "company_id": cls.company.id}
        )
        # the agent's first team is not the complaints desk
        cls.other_team.user_ids = cls.user_agent
        cls.team.user_ids = cls.user_agent

    def test_new_in_the_app_is_a_phone_complaint_of_the_desk(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)
        form = Form(Ticket.with_context(**self.context))
        self.assertTrue(form.is_complaint)
        self.assertEqual(form.team_id, self.team)
        self.assertEqual(form.channel_id, self.phone)
        form.name = "Phone: broken lid"
        form.partner_id = self.customer
        form.category_id = self.category_quality
        form.description = "<p>The lid broke on first use.</p>"
        ticket = form.save()
        self.assertRecordValues(
            ticket,
            [
                {
                    "is_complaint": True,
                    "team_id": self.team.id,
                    "channel_id": self.phone.id,
                }
            ],
        )

    def test_desk_of_the_company_when_the_user_is_in_none(self):
        self.team.user_ids = False
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)
        defaults = Ticket.with_context(**self.context).default_get(["team_id"])
        desk = self.env["helpdesk.ticket.team"].browse(defaults["team_id"])
        self.assertTrue(desk.is_complaint_team)
        self.assertIn(desk.company_id, (self.company, self.env["res.company"]))

    def test_an_explicit_team_is_kept(self):
        Ticket = self.env["helpdesk.ticket"].with_context(
            **self.context, default_team_id=self.other_team.id
        )
        self.assertEqual(Ticket.default_get(["team_id"])["team_id"], self.other_team.id)

    def test_outside_the_app_defaults_are_helpdesk_mgmt_s(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)
        defaults = Ticket.default_get(["team_id", "channel_id", "is_complaint"])
        self.assertFalse(defaults.get("channel_id"))
        self.assertFalse(defaults.get("is_complaint"))
        self.assertNotEqual(defaults.get("team_id"), self.team.id)

    def test_only_complaint_categories_in_the_app(self):
        arch = _arch(self.env, "helpdesk.ticket", "form")
        [category] = arch.xpath("//field[@name='category_id']")
        Category = self.env["helpdesk.ticket.category"]
        in_app = Category.search(
            safe_eval(category.get("domain"), {"context": self.context})
        )
        self.assertIn(self.category_quality, in_app)
        self.assertNotIn(self.category_support, in_app)
        self.assertFalse(in_app.filtered(lambda c: not c.complaint_kind))
        elsewhere = Category.search(safe_eval(category.get("domain"), {"context": {}}))
        self.assertIn(self.category_support, elsewhere)

    def test_new_record_is_not_named_slash_false(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)
        spec = {"display_name": {}, "number": {}, "name": {}, "is_complaint": {}}
        for context, expected in ((self.context, "New Complaint"), ({}, False)):
            values = Ticket.with_context(**context).onchange({}, [], spec)["value"]
            self.assertEqual(values["display_name"], expected)
        values = Ticket.with_context(**self.context).onchange(
            {"name": "Broken lid", "number": "/", "is_complaint": True}, ["name"], spec
        )["value"]
        self.assertEqual(values["display_name"], "Broken lid")


@tagged("post_install", "-at_install")
class TestLifecycleOnScreen(ComplaintCase):
    def test_kanban_columns_are_the_lifecycle(self):
        complaint = self._registered_complaint()
        groups = self.env["helpdesk.ticket"].read_group(
            [("id", "=", complaint.id)], ["complaint_state"], ["complaint_state"]
        )
        states = [group["complaint_state"] for group in groups]
        main_path = [state for state, _label in COMPLAINT_STATES][:6]
        self.assertEqual(states, main_path)
        self.assertEqual(
            {g["complaint_state"]: g["complaint_state_count"] for g in groups}[
                "registered"
            ],
            1,
        )

    def test_withdrawn_column_only_when_some_are(self):
        withdrawn = self._registered_complaint()
        withdrawn.write(
            {
                "complaint_close_reason": "withdrawn",
                "complaint_close_note": "The customer called it off.",
                "stage_id": self.stage_done.id,
            }
        )
        groups = self.env["helpdesk.ticket"].read_group(
            [("id", "=", withdrawn.id)], ["complaint_state"], ["complaint_state"]
        )
        states = [group["complaint_state"] for group in groups]
        self.assertIn("withdrawn", states)
        self.assertNotIn("duplicate", states)

    def test_form_status_bar_is_the_lifecycle_for_complaints(self):
        arch = _arch(self.env, "helpdesk.ticket", "form")
        [state_bar] = arch.xpath("//header/field[@name='complaint_state']")
        self.assertEqual(state_bar.get("widget"), "statusbar")
        self.assertEqual(state_bar.get("invisible"), "not is_complaint")
        [stage_bar] = arch.xpath("//header/field[@name='stage_id']")
        self.assertEqual(stage_bar.get("invisible"), "is_complaint")
        # the stage stays editable on a complaint, in the sheet
        [stage] = arch.xpath("//sheet//field[@name='stage_id']")
        self.assertEqual(stage.get("invisible"), "not is_complaint")
        self.assertNotIn(stage.get("readonly"), ("1", "True"))

    def test_the_app_s_kanban_groups_by_lifecycle(self):
        action = self.env.ref("complaint_management.action_complaint_all")
        kanban_view = action.view_ids.filtered(
            lambda v: v.view_mode == "kanban"
        ).view_id
        self.assertTrue(kanban_view)
        arch = _arch(self.env, "helpdesk.ticket", "kanban", view_id=kanban_view.id)
        self.assertEqual(arch.get("default_group_by"), "complaint_state")
        # the state follows the facts: a card is not dragged into a state
        self.assertEqual(arch.get("records_draggable"), "0")
        self.assertEqual(arch.get("quick_create"), "false")
        # helpdesk's own kanban still groups by stage
        default = _arch(self.env, "helpdesk.ticket", "kanban")
        self.assertEqual(default.get("default_group_by"), "stage_id")


@tagged("post_install", "-at_install")
class TestNoHelpdeskStageMail(ComplaintCase):
    @staticmethod
    def _closed_mails(mails):
        return mails.filtered(lambda mail: "has been closed" in (mail.subject or ""))

    def test_closing_a_complaint_sends_no_helpdesk_stage_mail(self):
        self.assertTrue(self.stage_done.mail_template_id)
        complaint = self._registered_complaint()
        self.flush_tracking()
        with self.mock_mail_gateway():
            complaint.write(
                {
                    "complaint_close_reason": "withdrawn",
                    "complaint_close_note": "The customer called it off.",
                    "stage_id": self.stage_done.id,
                }
            )
            self.flush_tracking()
        self.assertEqual(complaint.complaint_state, "withdrawn")
        self.assertFalse(self._closed_mails(self._new_mails))

    def test_closing_an_ordinary_ticket_still_does(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "How do I reset my password?",
                "description": "<p>Forgot it.</p>",
                "category_id": self.category_support.id,
                "partner_id": self.customer.id,
            }
        )
        self.flush_tracking()
        with self.mock_mail_gateway():
            ticket.write({"stage_id": self.stage_done.id})
            self.flush_tracking()
        self.assertEqual(len(self._closed_mails(self._new_mails)), 1)


@tagged("post_install", "-at_install")
class TestNoHelpdeskRatingSurvey(ComplaintCase):
    """A stage may carry helpdesk_mgmt_rating's survey; a complaint's customer
    gets our own satisfaction follow-up instead, once, after closing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        cls.stage_done.rating_mail_template_id = cls.survey

    def _surveys(self, mails):
        return mails.filtered(lambda mail: mail.model == "helpdesk.ticket").filtered(
            lambda mail: "survey" in (mail.body_html or "")
        )

    def test_closing_a_complaint_sends_no_stage_survey(self):
        complaint = self._registered_complaint()
        self.flush_tracking()
        with self.mock_mail_gateway():
            complaint.write(
                {
                    "complaint_close_reason": "withdrawn",
                    "complaint_close_note": "The customer called it off.",
                    "stage_id": self.stage_done.id,
                }
            )
            self.flush_tracking()
        self.assertFalse(complaint.rating_ids)
        self.assertFalse(self._surveys(self._new_mails))

    def test_closing_an_ordinary_ticket_still_does(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "How do I reset my password?",
                "description": "<p>Forgot it.</p>",
                "category_id": self.category_support.id,
                "partner_id": self.customer.id,
            }
        )
        self.flush_tracking()
        with self.mock_mail_gateway():
            ticket.write({"stage_id": self.stage_done.id})
            self.flush_tracking()
        self.assertTrue(ticket.rating_ids)
        self.assertTrue(self._surveys(self._new_mails))


@tagged("post_install", "-at_install")
class TestApprovalQueue(CompensationCase):
    def test_queue_decides_from_the_list(self):
        action = self.env.ref(
            "complaint_management.action_complaint_compensation_to_approve"
        )
        view = action.view_id or self.env.ref(
            "complaint_management.complaint_compensation_view_list"
        )
        arch = _arch(self.env, "complaint.compensation", "list", view_id=view.id)
        [approve] = arch.xpath("//button[@name='action_approve']")
        [refuse] = arch.xpath("//button[@name='action_open_refuse_wizard']")
        self.assertEqual(approve.get("invisible"), "not can_approve")
        self.assertEqual(refuse.get("invisible"), "not can_approve")
        self.assertTrue(arch.xpath("//field[@name='can_approve']"))

    def test_empty_queue_says_nothing_to_approve(self):
        action = self.env.ref(
            "complaint_management.action_complaint_compensation_to_approve"
        )
        self.assertIn("o_view_nocontent_smiling_face", action.help)
        self.assertIn("Nothing to approve", action.help)
        context = _action_context(
            self.env, "complaint_management.action_complaint_compensation_to_approve"
        )
        self.assertIs(context.get("create"), False)


@tagged("post_install", "-at_install")
class TestNewInAppTour(HttpCase):
    def test_agent_clicks_new_in_the_complaints_app(self):
        agent = self.env.ref("base.user_demo")
        self.start_tour(
            "/odoo",
            "complaint_management_new_in_app",
            login=agent.login,
            timeout=TOUR_TIMEOUT,
        )
        complaint = self.env["helpdesk.ticket"].search(
            [("name", "=", "Tour: lid of the jar would not close")]
        )
        self.assertRecordValues(
            complaint,
            [
                {
                    "is_complaint": True,
                    "complaint_state": "registered",
                    "team_id": self.env.ref(
                        "complaint_management.helpdesk_team_complaints"
                    ).id,
                    "channel_id": self.env.ref(
                        "helpdesk_mgmt.helpdesk_ticket_channel_phone"
                    ).id,
                    "category_id": self.env.ref(
                        "complaint_management.category_complaint_quality_expired"
                    ).id,
                    "partner_id": self.env.ref(
                        "complaint_management.partner_demo_margaret"
                    ).id,
                }
            ],
        )
        self.assertEqual(
            complaint.display_name,
            f"{complaint.complaint_ref} - Tour: lid of the jar would not close",
        )


@tagged("post_install", "-at_install")
class TestCustomersComplaints(ComplaintCase):
    def test_new_from_a_customer_s_complaints_is_a_complaint_of_the_desk(self):
        action = self.customer.action_view_complaints()
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        self.team.user_ids = self.user_agent
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)
        defaults = Ticket.with_context(**action["context"]).default_get(
            ["team_id", "is_complaint", "partner_id"]
        )
        self.assertEqual(defaults["team_id"], self.team.id)
        self.assertTrue(defaults["is_complaint"])
        self.assertEqual(defaults["partner_id"], self.customer.id)
