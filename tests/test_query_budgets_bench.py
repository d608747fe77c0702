"""Query budgets behind `make bench`: registering complaints, the e-mail intake
and each scheduled action cost the same whatever the volume around them.

The list, form, customer card and deadline reminder budgets live in
test_query_counts.py; timings stay in the benchmark."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MAIL_TEMPLATE
from .test_corrective_action import ActionPlanCase


class QueryBudgetCase(ActionPlanCase):
    def _complaints(self, count, when="2026-03-02 09:00:00", **values):
        with freeze_time(when):
            return self.env["helpdesk.ticket"].concat(
                *(self._registered_complaint(**values) for _i in range(count))
            )

    def _cron_cost(self, when, cron, model="helpdesk.ticket"):
        with freeze_time(when):
            return self._count_queries(getattr(self.env[model], cron))


@tagged("post_install", "-at_install")
class TestIntakeBudgets(QueryBudgetCase):
    def _register_cost(self, count):
        complaints = self.env["helpdesk.ticket"].concat(
            *(self._new_complaint() for _i in range(count))
        )
        cost = self._count_queries(
            complaints.with_user(self.user_agent).action_complaint_register
        )
        self.assertTrue(all(complaints.mapped("complaint_ref")))
        return cost

    def test_registering_costs_the_same_per_complaint(self):
        self._register_cost(1)  # settle Odoo's caches (access rules, templates)
        one = self._register_cost(1)
        self.assertLessEqual(self._register_cost(10), 10 * one)
        self._complaints(30)
        self.assertEqual(self._register_cost(1), one, "grows with the journal")

    def test_acknowledgement_is_rendered_once_per_batch(self):
        """The acknowledgement's template is rendered for the whole batch
        (helpdesk.ticket._complaint_post_template): one registration within
        its budget, each further one in the batch adds only its own rows."""
        self._register_cost(1)  # settle Odoo's caches
        one = self._register_cost(1)
        # 57 and 25 when the batch rendering came in; the assignment by
        # language and load, the regime's clocks, the unassigned alert's due
        # time and the bridges' computed facts brought them to 92 and 44
        self.assertLessEqual(one, 95)
        self.assertLessEqual(self._register_cost(5) - one, 4 * 45)

    def _mail_cost(self, sender):
        message = MAIL_TEMPLATE.format(
            return_path=sender,
            to=self.team.alias_id.alias_full_name,
            cc="",
            email_from=sender,
            subject=f"Broken kettle from {sender}",
            msg_id=f"<{sender}.kettle@example.com>",
            extra="",
        )
        Thread = self.env["mail.thread"]
        with self.mock_mail_gateway():
            return self._count_queries(lambda: Thread.message_process(None, message))

    def test_mail_intake_does_not_grow_with_the_desk(self):
        self._mail_cost("first.sender@example.com")  # settle the caches
        small = self._mail_cost("second.sender@example.com")
        self._complaints(30, team_id=self.team.id)
        large = self._mail_cost("third.sender@example.com")
        self.assertEqual(large, small)
        complaint = self.env["helpdesk.ticket"].search(
            [("partner_id.email", "=", "third.sender@example.com")]
        )
        self.assertTrue(complaint.complaint_ref)

    def test_mail_intake_costs_at_most_ten_queries_more_than_a_plain_ticket(self):
        """The benchmark's e-mail intake target: a mail to the complaints
        desk (registered, given to an agent, acknowledged) against a mail to a
        plain helpdesk team whose ticket gets the same answer by a message,
        per mail, caches warm as on a mail server."""
        self.team.user_ids = self.user_agent | self.user_manager
        plain_team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Test plain support",
                "alias_name": "test-plain-support",
                "company_id": self.company.id,
            }
        )
        Thread = self.env["mail.thread"].with_context(fetchmail_cron_running=True)
        Ticket = self.env["helpdesk.ticket"]
        senders = iter(f"sender{i}@example.com" for i in range(20))

        def receive(team, answer):
            sender = next(senders)
            self.env["res.partner"].create({"name": sender, "email": sender})
            message = MAIL_TEMPLATE.format(
                return_path=sender,
                to=team.alias_id.alias_full_name,
                cc="",
                email_from=sender,
                subject="Kettle stopped working",
                msg_id=f"<{sender}.kettle@example.com>",
                extra="",
            )
            self.env.flush_all()
            before = self.cr.sql_log_count
            ticket = Ticket.browse(Thread.message_process(None, message))
            if answer:
                ticket.message_post(
                    body="<p>Your complaint has been registered.</p>",
                    partner_ids=ticket.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            self.env.flush_all()
            return ticket, self.cr.sql_log_count - before

        with self.mock_mail_gateway():
            for _i in range(2):  # settle Odoo's caches for both paths
                receive(self.team, False)
                receive(plain_team, True)
            complaint, ours = receive(self.team, False)
            ticket, peer = receive(plain_team, True)
        self.assertTrue(complaint.complaint_ref)
        self.assertTrue(complaint.user_id)
        self.assertFalse(ticket.is_complaint)
        self.assertLessEqual(ours - peer, 10, f"{ours} queries against {peer}")


@tagged("post_install", "-at_install")
class TestScheduledActionBudgets(QueryBudgetCase):
    """Each run handles 3 due complaints; the second run has 30 more that are
    not due around them and must cost the same."""

    def test_escalation_does_not_grow_with_complaints_not_due(self):
        self.category_quality.complaint_response_days = 3
        escalate = "_cron_complaint_escalate_overdue"
        # registered on Monday 2 March: overdue from Friday 6 March
        self._complaints(1)
        self._cron_cost("2026-03-06 08:00:00", escalate)  # settle the caches
        first = self._complaints(3)
        small = self._cron_cost("2026-03-06 09:00:00", escalate)
        second = self._complaints(3)
        not_due = self._complaints(30, when="2026-03-05 09:00:00")
        large = self._cron_cost("2026-03-06 10:00:00", escalate)
        self.assertEqual(large, small)
        self.assertTrue(all((first | second).mapped("complaint_escalated")))
        self.assertFalse(any(not_due.mapped("complaint_escalated")))

    def _queued_letters(self, count):
        complaints = self._complaints(count)
        for complaint in complaints:
            complaint.complaint_response = "<p>We checked: you are right.</p>"
            complaint.with_user(self.user_manager).action_complaint_sign_response()
        complaints.action_complaint_send_response()
        return complaints

    def test_letters_do_not_grow_with_responses_already_sent(self):
        send = "_cron_complaint_send_letters"
        self._queued_letters(1)
        self._cron_cost("2026-03-03 09:00:00", send)  # settle the caches
        first = self._queued_letters(2)
        small = self._cron_cost("2026-03-03 10:00:00", send)
        second = self._queued_letters(2)
        already_sent = self._complaints(30)
        already_sent._with_workflow_unlocked().write(
            {"complaint_response_sent_date": "2026-03-02 10:00:00"}
        )
        large = self._cron_cost("2026-03-03 11:00:00", send)
        self.assertEqual(large, small)
        self.assertFalse(
            any((first | second).mapped("complaint_response_letter_queued_date"))
        )
        self.assertEqual(len((first | second).message_ids.attachment_ids), 4)

    def _closed(self, count, when):
        complaints = self._complaints(count, when=when)
        with freeze_time(when):
            complaints.write(
                {
                    "complaint_assessment": "justified",
                    "complaint_assessment_note": "Confirmed by the shop.",
                }
            )
            for complaint in complaints:
                self._send_response(complaint)
            complaints.stage_id = self.stage_done
        return complaints

    def test_followup_does_not_grow_with_complaints_not_due(self):
        followup = "_cron_complaint_satisfaction_followup"
        self._closed(1, "2026-03-02 09:00:00")
        self._cron_cost("2026-03-03 10:00:00", followup)  # settle the caches
        first = self._closed(3, "2026-03-03 09:00:00")
        small = self._cron_cost("2026-03-04 10:00:00", followup)
        second = self._closed(3, "2026-03-04 09:00:00")
        not_due = self._complaints(30, when="2026-03-04 09:00:00")
        large = self._cron_cost("2026-03-05 10:00:00", followup)
        self.assertEqual(large, small)
        self.assertTrue(all((first | second).mapped("complaint_followup_sent_date")))
        self.assertFalse(any(not_due.mapped("complaint_followup_sent_date")))

    def test_recurring_problems_do_not_grow_with_complaints_not_due(self):
        Category = self.env["helpdesk.ticket.category"]
        categories = Category.create(
            [
                {"name": f"Test budget cluster {n}", "complaint_kind": "quality"}
                for n in range(3)
            ]
        )
        detect = "_cron_detect_recurring_problems"
        model = "complaint.recurring.problem"
        self.company.write(
            {"complaint_recurring_threshold": 3, "complaint_recurring_days": 30}
        )
        when = "2026-03-31 12:00:00"
        self._complaints(3, when="2026-03-20 09:00:00", category_id=categories[0].id)
        self._cron_cost(when, detect, model)  # settle the caches
        first = self._complaints(
            3, when="2026-03-21 09:00:00", category_id=categories[1].id
        )
        small = self._cron_cost(when, detect, model)
        second = self._complaints(
            3, when="2026-03-22 09:00:00", category_id=categories[2].id
        )
        old = self._complaints(
            30, when="2026-01-05 09:00:00", category_id=categories[0].id
        )
        large = self._cron_cost(when, detect, model)
        self.assertEqual(large, small)
        self.assertTrue(all((first | second).mapped("complaint_recurring")))
        self.assertFalse(any(old.mapped("complaint_recurring")))

    def _largest_read(self, operation):
        """The most rows any one SELECT of ``operation`` returned."""
        cr = self.env.cr
        execute = cr.execute
        rows = [0]

        def counting(query, params=None, log_exceptions=True):
            result = execute(query, params, log_exceptions)
            code = getattr(query, "code", query)
            if str(code).lstrip().upper().startswith("SELECT"):
                rows.append(cr.rowcount)
            return result

        with patch.object(cr, "execute", counting):
            operation()
        return max(rows)

    def test_recurring_run_reads_what_is_new_not_the_cluster(self):
        """New complaints join an open problem of 30 without the run reading
        its 30 members (the ORM's link and the count used to)."""
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "Test budget big cluster", "complaint_kind": "quality"}
        )
        self.company.write(
            {"complaint_recurring_threshold": 3, "complaint_recurring_days": 30}
        )
        Problem = self.env["complaint.recurring.problem"]
        when = "2026-03-31 12:00:00"
        cluster = self._complaints(
            30, when="2026-03-20 09:00:00", category_id=category.id
        )
        self._cron_cost(when, "_cron_detect_recurring_problems", Problem._name)
        problem = Problem.search([("category_id", "=", category.id)])
        self.assertEqual(problem.complaint_count, 30)
        new = self._complaints(2, when="2026-03-30 09:00:00", category_id=category.id)
        # a scheduled run starts with nothing in memory
        self.env.invalidate_all()
        with freeze_time(when):
            largest = self._largest_read(
                lambda: (
                    Problem._cron_detect_recurring_problems(),
                    self.env.flush_all(),
                )
            )
        self.assertLess(largest, len(cluster))
        self.assertEqual(problem.ticket_ids, cluster | new)
        self.assertEqual(problem.complaint_count, 32)
        self.assertTrue(all(new.mapped("complaint_recurring")))

    def test_overdue_plans_do_not_grow_with_plans_not_due(self):
        notify = "_cron_notify_overdue_plans"
        model = "complaint.corrective.action"

        def plans(count, deadline):
            return self.env[model].concat(
                *(
                    self._plan(user_id=self.user_agent.id, date_deadline=deadline)
                    for _i in range(count)
                )
            )

        plans(1, date(2026, 3, 9))
        self._cron_cost("2026-03-12", notify, model)  # settle the caches
        first = plans(3, date(2026, 3, 10))
        small = self._cron_cost("2026-03-12", notify, model)
        second = plans(3, date(2026, 3, 11))
        on_time = plans(30, date(2026, 3, 30))
        large = self._cron_cost("2026-03-12", notify, model)
        self.assertEqual(large, small)
        self.assertTrue(all((first | second).mapped("overdue_notified")))
        self.assertFalse(any(on_time.mapped("overdue_notified")))
