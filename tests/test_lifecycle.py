"""The complaint's lifecycle (complaint_state), its stamps and its automatic
activities."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.complaint_management.models.helpdesk_ticket import WORKFLOW_FIELDS

from .common import ComplaintCase
from .test_compensation import CompensationCase
from .test_corrective_action import ActionPlanCase

# a value of the right type for every stamp
STAMP_VALUES = {
    "complaint_state": "closed",
    "complaint_ref": "CMP/1999/00001",
    "complaint_registered_date": "2020-01-01 00:00:00",
    "complaint_deadline": "2030-01-01 00:00:00",
    "complaint_reminder_date": "2030-01-01 00:00:00",
    "complaint_assessed_by_id": None,  # the manager, set in the test
    "complaint_assessed_date": "2026-01-01 00:00:00",
    "complaint_withdrawn_by_id": None,  # the customer
    "complaint_withdrawn_date": "2026-01-01 00:00:00",
    "complaint_response_signed_by_id": None,  # the manager
    "complaint_response_signed_date": "2026-01-01 00:00:00",
    "complaint_response_sent_date": "2026-01-01 00:00:00",
    "complaint_response_sent_by_id": None,  # the manager
    "complaint_response_letter_queued_date": "2026-01-01 00:00:00",
    "complaint_reminder_sent": True,
    "complaint_escalated": True,
    "complaint_followup_sent_date": "2026-01-01 00:00:00",
    "complaint_poor_rating": True,
    "complaint_recurring": True,
    "complaint_anonymised_date": "2026-01-01 00:00:00",
    "complaint_assign_due": "2026-01-01 00:00:00",
    "complaint_first_response_date": "2026-01-01 00:00:00",
    "complaint_fcr_date": "2026-01-01 00:00:00",
    "complaint_fcr_by_id": None,  # the manager
    "complaint_fcr_agreement": "phone",
}


@tagged("post_install", "-at_install")
class TestStampsAreEarned(ComplaintCase):
    def _stamp_values(self):
        people = {
            "complaint_assessed_by_id": self.user_manager.id,
            "complaint_withdrawn_by_id": self.customer.id,
            "complaint_response_signed_by_id": self.user_manager.id,
            "complaint_response_sent_by_id": self.user_manager.id,
            "complaint_fcr_by_id": self.user_manager.id,
        }
        return {name: people.get(name, value) for name, value in STAMP_VALUES.items()}

    def test_every_stamp_is_listed(self):
        self.assertEqual(set(STAMP_VALUES), set(WORKFLOW_FIELDS))

    def test_agent_cannot_forge_any_stamp_by_write(self):
        complaint = self._registered_complaint()
        before = complaint.read(list(WORKFLOW_FIELDS))
        for name, value in self._stamp_values().items():
            with self.assertRaisesRegex(UserError, "never written directly"):
                complaint.with_user(self.user_agent).write({name: value})
        complaint.invalidate_recordset()
        self.assertEqual(complaint.read(list(WORKFLOW_FIELDS)), before)

    def test_no_stamp_at_creation(self):
        for name, value in self._stamp_values().items():
            with self.assertRaisesRegex(UserError, "never written directly"):
                self._new_complaint(**{name: value})

    def test_assessment_author_is_who_assessed(self):
        complaint = self._registered_complaint()
        complaint.with_user(self.user_agent).write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "The date was past.",
            }
        )
        self.assertEqual(complaint.complaint_assessed_by_id, self.user_agent)
        self.assertTrue(complaint.complaint_assessed_date)
        # naming someone else with the assessment is still a forgery
        with self.assertRaisesRegex(UserError, "never written directly"):
            complaint.with_user(self.user_agent).write(
                {
                    "complaint_assessment": "unjustified",
                    "complaint_assessed_by_id": self.user_manager.id,
                }
            )

    def test_one_guard_for_ticket_compensation_and_plan(self):
        for model in (
            "helpdesk.ticket",
            "complaint.compensation",
            "complaint.corrective.action",
        ):
            self.assertIn("complaint.workflow.mixin", self.env[model]._inherit_module)


@tagged("post_install", "-at_install")
class TestComplaintState(ComplaintCase):
    def _assess(self, complaint, assessment="justified"):
        complaint.write(
            {
                "complaint_assessment": assessment,
                "complaint_assessment_note": "Checked with the shop.",
            }
        )

    def _state_subtypes(self, complaint):
        tracked = complaint.message_ids.filtered(
            lambda m: "complaint_state" in m.tracking_value_ids.field_id.mapped("name")
        )
        return [message.subtype_id for message in tracked.sorted("id")]

    def test_a_complaint_walks_its_lifecycle(self):
        # MailCommon turns tracking off; this test reads it
        complaint = self._new_complaint().with_context(mail_notrack=False)
        self.assertEqual(complaint.complaint_state, "draft")
        self.flush_tracking()
        steps = (
            ("registered", complaint.action_complaint_register),
            ("assessed", lambda: self._assess(complaint)),
            (
                "response_signed",
                lambda: (
                    complaint.write({"complaint_response": "<p>You were right.</p>"}),
                    complaint.with_user(
                        self.user_manager
                    ).action_complaint_sign_response(),
                ),
            ),
            ("response_sent", complaint.action_complaint_send_response),
            ("closed", lambda: complaint.write({"stage_id": self.stage_done.id})),
        )
        for state, step in steps:
            step()
            # tracking is written when the transaction commits
            self.flush_tracking()
            self.assertEqual(complaint.complaint_state, state)
        self.assertEqual(
            self._state_subtypes(complaint),
            [
                self.env.ref(f"complaint_management.mt_complaint_{state}")
                for state in (
                    "registered",
                    "assessed",
                    "response_signed",
                    "response_sent",
                    "closed",
                )
            ],
        )

    def test_editing_a_signed_response_goes_back_to_assessed(self):
        complaint = self._registered_complaint()
        self._assess(complaint)
        complaint.complaint_response = "<p>First text.</p>"
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        complaint.complaint_response = "<p>Second text.</p>"
        self.assertEqual(complaint.complaint_state, "assessed")

    def test_withdrawn_and_duplicate(self):
        withdrawn = self._registered_complaint()
        withdrawn.write(
            {
                "complaint_close_reason": "withdrawn",
                "complaint_close_note": "The customer called it off.",
                "stage_id": self.stage_done.id,
            }
        )
        self.assertEqual(withdrawn.complaint_state, "withdrawn")
        duplicate = self._registered_complaint()
        duplicate.write(
            {
                "complaint_close_reason": "duplicate",
                "complaint_close_note": "Same as the other.",
                "stage_id": self.stage_done.id,
            }
        )
        self.assertEqual(duplicate.complaint_state, "duplicate")

    def test_ordinary_ticket_has_no_state(self):
        ticket = self._new_complaint(category_id=self.category_support.id)
        self.assertFalse(ticket.is_complaint)
        self.assertFalse(ticket.complaint_state)

    def test_state_is_stored_and_searchable(self):
        complaint = self._registered_complaint()
        field = self.env["helpdesk.ticket"]._fields["complaint_state"]
        self.assertTrue(field.store)
        self.assertTrue(field.index)
        found = self.env["helpdesk.ticket"].search(
            [("complaint_state", "=", "registered"), ("id", "=", complaint.id)]
        )
        self.assertEqual(found, complaint)

    def test_answered_complaint_is_not_overdue(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._registered_complaint()
            self._assess(complaint, "unjustified")
            self._send_response(complaint)
        with freeze_time("2026-04-30 09:00:00"):
            complaint.invalidate_recordset(["complaint_overdue"])
            self.assertEqual(complaint.complaint_deadline_state, "answered")
            self.assertFalse(complaint.complaint_overdue)
            overdue = self.env["helpdesk.ticket"].search(
                [("complaint_overdue", "=", True)]
            )
            self.assertNotIn(complaint, overdue)
            not_overdue = self.env["helpdesk.ticket"].search(
                [("complaint_overdue", "=", False), ("id", "=", complaint.id)]
            )
            self.assertEqual(not_overdue, complaint)


@tagged("post_install", "-at_install")
class TestComplaintActivities(ComplaintCase):
    """Each automatic activity has its own type; the change that makes it
    obsolete closes exactly those, never a To-Do someone scheduled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_quality.complaint_response_days = 3
        cls.team.user_ids = [(4, cls.user_agent.id)]
        group = cls.env.ref("complaint_management.group_complaint_manager")
        group.users = cls.user_manager

    def _types(self, complaint):
        return {
            activity.activity_type_id.get_external_id()[activity.activity_type_id.id]
            for activity in complaint.activity_ids
        }

    def _complaint_with_reminder_and_escalation(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._registered_complaint(
                team_id=self.team.id, user_id=self.user_agent.id
            )
            # a To-Do of the agent's own, which nothing automatic may touch
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_agent.id,
                summary="Ask the shop for the receipt",
            )
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-03-04 08:00:00"):
            Ticket._cron_complaint_deadline_reminder()
        with freeze_time("2026-03-06 08:00:00"):
            Ticket._cron_complaint_escalate_overdue()
        self.assertEqual(
            self._types(complaint),
            {
                "mail.mail_activity_data_todo",
                "complaint_management.mail_activity_complaint_deadline",
                "complaint_management.mail_activity_complaint_escalation",
            },
        )
        return complaint

    def test_answer_completes_reminder_and_escalation_only(self):
        complaint = self._complaint_with_reminder_and_escalation()
        complaint.write(
            {
                "complaint_assessment": "unjustified",
                "complaint_assessment_note": "The date was fine.",
            }
        )
        self.assertEqual(len(complaint.activity_ids), 3, "assessing answers nothing")
        self._send_response(complaint)
        self.assertEqual(self._types(complaint), {"mail.mail_activity_data_todo"})
        done = (
            self.env["mail.message"]
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", complaint.id)])
            .mail_activity_type_id
        )
        self.assertIn(
            self.env.ref("complaint_management.mail_activity_complaint_deadline"), done
        )

    def test_withdrawal_removes_them(self):
        complaint = self._complaint_with_reminder_and_escalation()
        complaint._complaint_withdraw_by_customer(
            self.customer, "Sorted out in the shop.", self.stage_done
        )
        self.assertEqual(self._types(complaint), {"mail.mail_activity_data_todo"})

    def test_automation_skip_leaves_them(self):
        """Odoo's mail_activity_automation_skip (an import, a data fix) turns
        the automation off: the activities stay as they were."""
        complaint = self._complaint_with_reminder_and_escalation()
        before = complaint.activity_ids
        complaint.with_context(
            mail_activity_automation_skip=True
        )._complaint_withdraw_by_customer(
            self.customer, "Sorted out in the shop.", self.stage_done
        )
        self.assertEqual(complaint.complaint_state, "withdrawn")
        self.assertEqual(complaint.activity_ids, before)

    def test_answered_complaint_gets_no_reminder(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._registered_complaint(
                team_id=self.team.id, user_id=self.user_agent.id
            )
            complaint.write(
                {
                    "complaint_assessment": "unjustified",
                    "complaint_assessment_note": "The date was fine.",
                }
            )
            self._send_response(complaint)
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-03-04 08:00:00"):
            Ticket._cron_complaint_deadline_reminder()
        with freeze_time("2026-03-06 08:00:00"):
            Ticket._cron_complaint_escalate_overdue()
        self.assertFalse(complaint.activity_ids)
        self.assertFalse(complaint.complaint_escalated)


@tagged("post_install", "-at_install")
class TestPlanActivities(ActionPlanCase):
    def _open_plan_with_own_todo(self):
        plan = self._plan(date_deadline=date(2026, 3, 20))
        plan.action_open()
        plan.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.user_manager_2.id,
            summary="Order the new labels",
        )
        with freeze_time("2026-03-25"):
            plan._cron_notify_overdue_plans()
        self.assertEqual(
            set(plan.activity_ids.activity_type_id.mapped("id")),
            {
                self.env.ref("mail.mail_activity_data_todo").id,
                self.env.ref("complaint_management.mail_activity_plan_carry_out").id,
                self.env.ref("complaint_management.mail_activity_plan_overdue").id,
            },
        )
        return plan

    def test_done_keeps_the_users_todo(self):
        plan = self._open_plan_with_own_todo()
        plan.action_done()
        self.assertEqual(plan.activity_ids.summary, "Order the new labels")

    def test_cancel_keeps_the_users_todo(self):
        plan = self._open_plan_with_own_todo()
        plan.action_cancel()
        self.assertEqual(plan.activity_ids.summary, "Order the new labels")

    def test_opening_a_plan_completes_the_recurring_problem_notice(self):
        problem = self.env["complaint.recurring.problem"].create(
            {"company_id": self.company.id, "category_id": self.category_quality.id}
        )
        problem._notify_managers()
        notice = self.env.ref("complaint_management.mail_activity_recurring_problem")
        self.assertEqual(problem.activity_ids.activity_type_id, notice)
        plan = self._plan()
        problem.corrective_action_ids = [(4, plan.id)]
        plan.action_open()
        self.assertFalse(problem.activity_ids)


@tagged("post_install", "-at_install")
class TestRemedyHooks(CompensationCase):
    """The core's side of a remedy's documents: the bridges deliver and pay
    through these; without a bridge the agent's button delivers."""

    def test_acceptance_calls_the_fulfilment_once(self):
        compensation = self._offered(50)
        compensation.action_accept()
        self.assertEqual(compensation.state, "accepted")
        # a second acceptance (double click, retried job) is refused before
        # the fulfilment could run again
        with self.assertRaisesRegex(UserError, "cannot be accepted"):
            compensation.action_accept()

    def test_delivered_and_paid_are_recorded_once(self):
        compensation = self._offered(50)
        compensation.action_accept()
        self.assertEqual(compensation._complaint_mark_delivered(), compensation)
        self.assertEqual(compensation.state, "done")
        delivered_on = compensation.done_date
        self.assertFalse(compensation._complaint_mark_delivered())
        self.assertEqual(compensation.done_date, delivered_on)
        compensation._complaint_mark_paid()
        paid_on = compensation.paid_date
        self.assertTrue(paid_on)
        self.assertFalse(compensation._complaint_mark_paid())
        self.assertEqual(compensation.paid_date, paid_on)

    def test_paid_date_is_a_stamp(self):
        compensation = self._offered(50)
        with self.assertRaisesRegex(UserError, "only through its actions"):
            compensation.write({"paid_date": "2026-01-01 00:00:00"})

    def test_without_a_bridge_the_agent_delivers(self):
        compensation = self._offered(50)
        compensation.action_accept()
        compensation.action_done()
        self.assertEqual(compensation.state, "done")
