"""The managers' overview: a card per complaint category with its figures,
each counting the category's whole sub-tree, and a click to the list behind."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .test_compensation import CompensationCase

OVERVIEW_FIELDS = [
    "complaint_open_count",
    "complaint_overdue_count",
    "complaint_pending_count",
    "complaint_to_approve_count",
    "complaint_cost_month",
    "complaint_justified_share",
]


@tagged("post_install", "-at_install")
class TestOverview(CompensationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_child = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Test spoiled food",
                "parent_id": cls.category_quality.id,
                "company_id": cls.company.id,
            }
        )
        cls.category_staff = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Test staff complaints",
                "complaint_kind": "staff",
                "company_id": cls.company.id,
            }
        )
        cls.cards = cls.category_quality | cls.category_staff
        # the shared fixture's complaint lives in a category of its own
        cls.complaint.category_id = cls.env["helpdesk.ticket.category"].create(
            {"name": "Test waiting", "complaint_kind": "organisation"}
        )

    def _assess(self, complaint, assessment):
        complaint.write(
            {
                "complaint_assessment": assessment,
                "complaint_assessment_note": "Checked on the shelf.",
            }
        )

    def _accepted_compensation(self, complaint, amount, currency):
        compensation = self.env["complaint.compensation"].create(
            {
                "ticket_id": complaint.id,
                # a remedy no bridge's document delivers: granted once accepted
                # (a refund is granted when its credit note is posted)
                "compensation_type": "free_service",
                "amount": amount,
                "currency_id": currency.id,
            }
        )
        compensation.with_user(self.user_agent).action_submit()
        compensation.action_offer()
        compensation.action_accept()
        return compensation

    def _figures(self, category, user=None):
        category = category.with_user(user or self.env.user)
        return {name: category[name] for name in OVERVIEW_FIELDS}

    def test_card_counts_its_whole_sub_tree(self):
        pending = self._registered_complaint(category_id=self.category_child.id)
        overdue = self._registered_complaint()
        overdue._set_workflow_values(
            {"complaint_deadline": fields.Datetime.now() - timedelta(days=1)}
        )
        justified = self._registered_complaint(category_id=self.category_child.id)
        self._assess(justified, "justified")
        unjustified = self._registered_complaint()
        self._assess(unjustified, "unjustified")
        self._accepted_compensation(justified, 30, self.currency)
        # 40 in the foreign currency is 20 in the company's
        self._accepted_compensation(justified, 40, self.foreign)

        figures = self._figures(self.category_quality)
        self.assertEqual(figures["complaint_open_count"], 4)
        self.assertEqual(figures["complaint_overdue_count"], 1)
        self.assertEqual(figures["complaint_pending_count"], 2)
        self.assertEqual(figures["complaint_justified_share"], 50.0)
        self.assertAlmostEqual(figures["complaint_cost_month"], 50.0)
        child = self._figures(self.category_child)
        self.assertEqual(child["complaint_open_count"], 2)
        self.assertEqual(child["complaint_justified_share"], 100.0)
        self.assertEqual(self.category_staff.complaint_open_count, 0)
        self.assertIn(pending, self.env["helpdesk.ticket"].search(self._list(pending)))

    def _list(self, complaint):
        action = self.category_quality.action_view_overview_complaints()
        return action["domain"] + [("id", "=", complaint.id)]

    def test_closed_and_old_complaints_leave_the_figures(self):
        closed = self._registered_complaint()
        self._assess(closed, "unjustified")
        self._send_response(closed)
        closed.stage_id = self.stage_done
        with freeze_time(fields.Datetime.now() - timedelta(days=400)):
            old = self._registered_complaint()
        self._assess(old, "justified")
        self._send_response(old)
        old.stage_id = self.stage_done
        figures = self._figures(self.category_quality)
        self.assertEqual(figures["complaint_open_count"], 0)
        # the old justified one is outside the 12 months: 0 of 1 justified
        self.assertEqual(figures["complaint_justified_share"], 0.0)
        assessed = self.category_quality._justified_and_assessed()[1]
        self.assertEqual(dict(assessed), {self.category_quality.id: 1})

    def test_awaiting_my_approval_is_per_user(self):
        complaint = self._registered_complaint()
        compensation = self.env["complaint.compensation"].create(
            {"ticket_id": complaint.id, "amount": 500, "currency_id": self.currency.id}
        )
        compensation.with_user(self.user_agent).action_submit()
        self.assertEqual(compensation.state, "to_approve")
        manager_view = self._figures(self.category_quality, self.user_manager)
        agent_view = self._figures(self.category_quality, self.user_agent)
        self.assertEqual(manager_view["complaint_to_approve_count"], 1)
        self.assertEqual(agent_view["complaint_to_approve_count"], 0)

    def test_other_companys_complaints_are_not_counted(self):
        other = self.env["res.company"].create({"name": "Other Shop"})
        other_agent = new_test_user(
            self.env,
            login="other_agent",
            groups="complaint_management.group_complaint_user",
            company_id=other.id,
        )
        self._registered_complaint()
        self.env["helpdesk.ticket"].create(
            {
                "name": "Elsewhere",
                "description": "<p>x</p>",
                "category_id": self.category_staff.id,
                "partner_id": self.customer.id,
                "company_id": other.id,
            }
        )
        self.category_staff.company_id = False
        self.assertEqual(self._figures(self.category_staff)["complaint_open_count"], 1)
        mine = self._figures(self.category_quality, self.user_agent)
        self.assertEqual(mine["complaint_open_count"], 1)
        theirs = self._figures(self.category_staff, other_agent)
        self.assertEqual(theirs["complaint_open_count"], 1)
        self.assertEqual(
            self._figures(self.category_staff, self.user_agent)["complaint_open_count"],
            0,
        )

    def test_counter_opens_the_filtered_list_of_the_sub_tree(self):
        complaint = self._registered_complaint(category_id=self.category_child.id)
        action = self.category_quality.with_context(
            search_default_complaint_overdue=1, unrelated_key=1
        ).action_view_overview_complaints()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(action["context"]["search_default_complaint_overdue"], 1)
        self.assertNotIn("unrelated_key", action["context"])
        self.assertEqual(action["views"][0][1], "kanban")
        found = self.env["helpdesk.ticket"].search(action["domain"])
        self.assertIn(complaint, found)
        action = self.category_staff.with_context(
            search_default_awaiting_my_approval=1
        ).action_view_overview_compensations()
        self.assertEqual(action["res_model"], "complaint.compensation")
        self.assertIn(
            ("category_id", "child_of", self.category_staff.id), action["domain"]
        )

    def test_overview_opens_on_the_top_level_complaint_categories(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_overview"
        )
        cards = self.env["helpdesk.ticket.category"].search(safe_eval(action["domain"]))
        self.assertIn(self.category_quality, cards)
        self.assertNotIn(self.category_child, cards)
        self.assertNotIn(self.category_support, cards)
        app = self.env.ref("complaint_management.menu_complaint_app")
        self.assertFalse(app.parent_id)
        self.assertEqual(app.action.id, action["id"])

    def test_queries_do_not_grow_with_cards_or_complaints(self):
        def count(categories):
            categories.invalidate_recordset()
            self.env.flush_all()
            before = self.cr.sql_log_count
            categories.read(OVERVIEW_FIELDS)
            return self.cr.sql_log_count - before

        for _i in range(3):
            self._registered_complaint()
        count(self.cards)  # settle Odoo's caches (rules, groups, currency)
        small = count(self.category_staff)
        for _i in range(10):
            self._registered_complaint(category_id=self.category_child.id)
        self.assertEqual(count(self.cards), small)
