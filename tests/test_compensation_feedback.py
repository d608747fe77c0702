"""Each step of a compensation says what it did: a notification for whoever
clicked, a line on the complaint's chatter for whoever follows the complaint;
who must approve is shown, and the figures are kept apart, never summed."""

from html import unescape

from odoo.tests import HttpCase, tagged

from .test_compensation import CompensationCase


@tagged("post_install", "-at_install")
class TestCompensationFeedback(CompensationCase):
    def setUp(self):
        super().setUp()
        self.note = self.env.ref("mail.mt_note")

    def _last_message_id(self):
        return max(self.complaint.message_ids.ids, default=0)

    def _complaint_lines_since(self, message_id):
        self.complaint.invalidate_recordset(["message_ids"])
        return self.complaint.message_ids.filtered(lambda m: m.id > message_id)

    def _assert_one_note(self, since, *texts, author=None):
        """Exactly one new line on the complaint, an internal note holding
        ``texts``; returns it."""
        lines = self._complaint_lines_since(since)
        self.assertEqual(len(lines), 1, lines.mapped("body"))
        self.assertEqual(lines.subtype_id, self.note)
        self.assertEqual(lines.message_type, "comment")
        for text in texts:
            self.assertIn(text, unescape(str(lines.body)))
        if author:
            self.assertEqual(lines.author_id, author.partner_id)
        return lines

    def _assert_notification(self, action, *texts, kind="success"):
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual(params["type"], kind)
        self.assertFalse(params["sticky"])
        # the form reloads once the notification is shown
        self.assertEqual(params["next"], {"type": "ir.actions.act_window_close"})
        for text in texts:
            self.assertIn(text, params["message"])

    # ------------------------------------------------------------
    # Each step: a notification and one line on the complaint
    # ------------------------------------------------------------

    def test_approved_within_own_limit(self):
        compensation = self._compensation(80)
        since = self._last_message_id()
        action = compensation.action_submit()
        self.assertEqual(compensation.state, "approved")
        amount = compensation._format_amount()
        self._assert_notification(
            action, compensation.display_name, amount, "within your own limit"
        )
        self._assert_one_note(
            since,
            compensation.display_name,
            amount,
            f"approved by {self.user_agent.name} within their own limit",
            author=self.user_agent,
        )

    def test_sent_for_approval_names_the_approvers(self):
        compensation = self._compensation(500)
        since = self._last_message_id()
        action = compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        approvers = self._approval_activities(compensation).user_id
        self.assertIn(self.user_senior, approvers)
        self.assertIn(self.user_manager, approvers)
        names = approvers.mapped("name")
        self._assert_notification(action, compensation._format_amount(), *names)
        self.assertIn("sent for approval to", action["params"]["message"])
        note = self._assert_one_note(
            since, compensation.display_name, compensation._format_amount(), *names
        )
        # the other agent's limit (100) does not cover it, nor is the
        # requester an approver of their own request
        self.assertNotIn(self.user_agent_2.name, str(note.body))
        self.assertNotIn(self.user_agent.name, str(note.body))
        # the form says who must approve, the same users
        shown = compensation.with_user(self.user_agent).approver_names
        for name in names:
            self.assertIn(name, shown)
        self.assertNotIn(self.user_agent_2.name, shown)
        self.assertNotIn(self.user_agent.name, shown)

    def test_sent_for_approval_to_no_one_warns(self):
        compensation = self._compensation(100000)
        since = self._last_message_id()
        action = compensation.action_submit()
        self._assert_notification(
            action, "no one has an approval limit", kind="warning"
        )
        self._assert_one_note(since, "no one has an approval limit")
        self.assertIn("No one", compensation.approver_names)

    def test_approval(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        since = self._last_message_id()
        action = compensation.with_user(self.user_manager).action_approve()
        self.assertEqual(compensation.state, "approved")
        self._assert_notification(
            action, compensation.display_name, "is approved", "offered"
        )
        self._assert_one_note(
            since,
            compensation.display_name,
            compensation._format_amount(),
            f"approved by {self.user_manager.name}.",
            author=self.user_manager,
        )
        # approved: nobody is awaited any more
        self.assertFalse(compensation.approver_names)

    def test_four_eyes_says_two_must_approve_then_who_is_left(self):
        self.company.complaint_four_eyes_amount = 300
        compensation = self._compensation(500)
        compensation.action_submit()
        shown = compensation.approver_names
        self.assertTrue(shown.startswith("Two of: "), shown)
        self.assertIn(self.user_manager.name, shown)
        self.assertIn(self.user_senior.name, shown)
        since = self._last_message_id()
        action = compensation.with_user(self.user_manager).action_approve()
        self.assertEqual(compensation.state, "to_approve")
        self._assert_notification(action, "first approval", "second manager")
        self._assert_one_note(
            since, f"first approval by {self.user_manager.name}", "second manager"
        )
        compensation.invalidate_recordset(["approver_names"])
        shown = compensation.approver_names
        self.assertNotIn(self.user_manager.name, shown)
        self.assertIn(self.user_senior.name, shown)
        self.assertFalse(shown.startswith("Two of"))
        since = self._last_message_id()
        compensation.with_user(self.user_senior).action_approve()
        self.assertEqual(compensation.state, "approved")
        self._assert_one_note(since, f"approved by {self.user_senior.name}.")

    def test_offer_is_one_line_on_the_complaint(self):
        compensation = self._approved(80)
        since = self._last_message_id()
        with self.mock_mail_gateway():
            action = compensation.action_offer()
        self._assert_notification(
            action, compensation.display_name, self.customer.name, "mailed"
        )
        # the offer as mailed is the complaint's line: not a second note
        lines = self._complaint_lines_since(since)
        self.assertEqual(len(lines), 1, lines.mapped("body"))
        self.assertEqual(
            lines.subtype_id,
            self.env.ref("complaint_management.mt_complaint_offered"),
        )

    def test_customer_accepts(self):
        compensation = self._offered(80)
        since = self._last_message_id()
        action = compensation.action_accept("That is fair.")
        self._assert_notification(action, "acceptance", compensation.display_name)
        self._assert_one_note(
            since,
            f"{self.customer.name} accepted {compensation.display_name}",
            compensation._format_amount(),
            "That is fair.",
        )

    def test_customer_declines(self):
        compensation = self._offered(80)
        since = self._last_message_id()
        action = compensation.action_decline("Not enough.")
        self._assert_notification(action, "refusal", "another remedy")
        self._assert_one_note(
            since,
            f"{self.customer.name} declined {compensation.display_name}",
            compensation._format_amount(),
            "Not enough.",
        )

    def test_answer_in_the_portal_is_signed_by_the_customer(self):
        compensation = self._offered(80)
        since = self._last_message_id()
        # as the portal route decides: as superuser, for the customer
        compensation.sudo().with_context(
            complaint_decision_author_id=self.customer.id
        ).action_accept()
        note = self._assert_one_note(since, "accepted")
        self.assertEqual(note.author_id, self.customer)

    def test_a_line_for_each_step_and_no_more(self):
        compensation = self._compensation(500)
        since = self._last_message_id()
        compensation.action_submit()
        compensation.with_user(self.user_manager).action_approve()
        with self.mock_mail_gateway():
            compensation.action_offer()
        compensation.action_accept()
        lines = self._complaint_lines_since(since)
        self.assertEqual(len(lines), 4, lines.mapped("body"))
        self.assertEqual(len(lines.filtered(lambda m: m.subtype_id == self.note)), 3)

    # ------------------------------------------------------------
    # Who must approve, on the forms
    # ------------------------------------------------------------

    def test_forms_show_who_must_approve(self):
        ticket_form = self.env["helpdesk.ticket"].get_view(view_type="form")["arch"]
        self.assertIn('name="approver_names"', ticket_form)
        compensation_form = self.env["complaint.compensation"].get_view(
            view_type="form"
        )["arch"]
        self.assertIn('name="approver_names"', compensation_form)
        compensation = self._compensation(500)
        compensation.action_submit()
        values = self.complaint.with_user(self.user_agent).web_read(
            {"compensation_ids": {"fields": {"approver_names": {}}}}
        )[0]["compensation_ids"]
        self.assertIn(self.user_senior.name, values[0]["approver_names"])

    # ------------------------------------------------------------
    # Figures: granted, offered, approved, awaiting approval, apart
    # ------------------------------------------------------------

    def _one_in_each_state(self):
        accepted = self._offered(80)
        accepted.action_accept()
        delivered = self._offered(40)
        delivered.action_accept()
        delivered.action_done()
        self._offered(70)
        self._approved(60)
        foreign = self._compensation(60, currency_id=self.foreign.id)  # = 30
        foreign.action_submit()
        self.assertEqual(foreign.state, "approved")
        self._compensation(500).action_submit()  # awaits approval
        self._compensation(11)  # draft
        declined = self._offered(17)
        declined.action_decline()
        refused = self._compensation(500)
        refused.action_submit()
        refused.with_user(self.user_manager).action_refuse("A repair is fairer.")
        self._compensation(19).action_cancel()

    def test_complaint_figures_kept_apart(self):
        self._one_in_each_state()
        complaint = self.complaint.with_user(self.user_agent)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.compensation_currency_id, self.currency)
        self.assertAlmostEqual(complaint.compensation_granted_amount, 120)
        self.assertAlmostEqual(complaint.compensation_offered_amount, 70)
        self.assertAlmostEqual(complaint.compensation_approved_amount, 90)
        self.assertAlmostEqual(complaint.compensation_to_approve_amount, 500)
        # the customer's card: the same figures, granted as before
        customer = self.customer.with_user(self.user_agent)
        customer.invalidate_recordset()
        self.assertAlmostEqual(customer.complaint_compensation_total, 120)
        self.assertAlmostEqual(customer.complaint_compensation_offered, 70)
        self.assertAlmostEqual(customer.complaint_compensation_approved, 90)
        self.assertAlmostEqual(customer.complaint_compensation_to_approve, 500)

    def test_figures_follow_each_step(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        self.assertAlmostEqual(self.complaint.compensation_to_approve_amount, 500)
        compensation.with_user(self.user_manager).action_approve()
        self.assertAlmostEqual(self.complaint.compensation_to_approve_amount, 0)
        self.assertAlmostEqual(self.complaint.compensation_approved_amount, 500)
        with self.mock_mail_gateway():
            compensation.action_offer()
        self.assertAlmostEqual(self.complaint.compensation_approved_amount, 0)
        self.assertAlmostEqual(self.complaint.compensation_offered_amount, 500)
        compensation.action_accept()
        self.assertAlmostEqual(self.complaint.compensation_offered_amount, 0)
        self.assertAlmostEqual(self.complaint.compensation_granted_amount, 500)

    def test_complaint_form_labels_figures_and_sums_no_column(self):
        arch = self.env["helpdesk.ticket"].get_view(view_type="form")["arch"]
        for fname in (
            "compensation_granted_amount",
            "compensation_offered_amount",
            "compensation_approved_amount",
            "compensation_to_approve_amount",
        ):
            self.assertIn(f'name="{fname}"', arch)
        # no "Total" under the list that adds refused, draft and granted up
        list_arch = arch.split('name="compensation_ids"', 1)[1].split("</list>")[0]
        amount_column = list_arch.split('name="amount"', 1)[1].split("/>", 1)[0]
        self.assertNotIn("sum=", amount_column)
        partner_arch = self.env["res.partner"].get_view(view_type="form")["arch"]
        for fname in (
            "complaint_compensation_offered",
            "complaint_compensation_approved",
            "complaint_compensation_to_approve",
        ):
            self.assertIn(f'name="{fname}"', partner_arch)

    def test_figures_cost_one_query_whatever_the_number_of_complaints(self):
        complaints = self.complaint | self.env["helpdesk.ticket"].concat(
            *(self._registered_complaint() for _i in range(5))
        )
        for complaint in complaints:
            self.complaint = complaint
            self._approved(60)
            self._compensation(500).action_submit()
        fields = [
            "compensation_granted_amount",
            "compensation_offered_amount",
            "compensation_approved_amount",
            "compensation_to_approve_amount",
        ]
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)

        def read(tickets):
            return lambda: Ticket.browse(tickets.ids).read(fields)

        def count(func):
            self._count_queries(func)  # settle Odoo's caches (rules, groups)
            return self._count_queries(func)

        one = count(read(complaints[:1]))
        self.assertEqual(count(read(complaints)), one)

    def test_form_read_with_approvers_does_not_grow_with_compensations(self):
        form_fields = {
            "compensation_granted_amount": {},
            "compensation_to_approve_amount": {},
            "compensation_ids": {
                "fields": {
                    "amount": {},
                    "state": {},
                    "can_approve": {},
                    "approver_names": {},
                }
            },
        }

        def form_read():
            return self.complaint.with_user(self.user_agent).web_read(form_fields)

        self._compensation(500).action_submit()
        form_read()  # settle Odoo's caches (access rules, groups)
        one = self._count_queries(form_read)
        for amount in (600, 700, 800, 900):
            self._compensation(amount).action_submit()
        form_read()
        self.assertLessEqual(self._count_queries(form_read), one)


@tagged("post_install", "-at_install")
class TestCompensationFeedbackTour(HttpCase):
    def test_manager_approves_and_offers_from_the_complaint(self):
        agent = self.env.ref("base.user_demo")
        manager = self.env.ref("base.user_admin")
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Tour: kettle leaks at the seam",
                "description": "<p>Kettle leaks.</p>",
                "partner_id": self.env.ref(
                    "complaint_management.partner_demo_elena"
                ).id,
                "team_id": self.env.ref(
                    "complaint_management.helpdesk_team_complaints"
                ).id,
                "category_id": self.env.ref(
                    "complaint_management.category_complaint_quality_defect"
                ).id,
            }
        )
        complaint.action_complaint_register()
        compensation = (
            self.env["complaint.compensation"]
            .with_user(agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "replacement",
                    "amount": 250,
                    "description": "A new kettle, delivered to your door.",
                }
            )
        )
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        self.start_tour(
            f"/odoo/helpdesk.ticket/{complaint.id}",
            "complaint_management_compensation_feedback",
            login=manager.login,
            timeout=180,
        )
        self.assertEqual(compensation.state, "offered")
        notes = complaint.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
            and compensation.display_name in str(m.body)
        )
        # sent for approval, approved: one note each
        self.assertEqual(len(notes), 2, notes.mapped("body"))
