from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase


class ActionPlanCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager_2 = new_test_user(
            cls.env,
            login="complaint_manager_2",
            name="Nora Manager",
            groups="complaint_management.group_complaint_manager",
            company_id=cls.company.id,
        )
        # only this test's managers are complaint managers
        group = cls.env.ref("complaint_management.group_complaint_manager")
        group.users = cls.user_manager | cls.user_manager_2

    def _plan(self, **values):
        vals = {
            "name": "Check dates every morning",
            "user_id": self.user_manager.id,
            "category_id": self.category_quality.id,
            "date_deadline": date(2026, 3, 20),
        }
        vals.update(values)
        return self.env["complaint.corrective.action"].create(vals)

    def _justified_complaint(self, **values):
        complaint = self._registered_complaint(**values)
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Confirmed by the shop.",
            }
        )
        return complaint


@tagged("post_install", "-at_install")
class TestActionPlanWorkflow(ActionPlanCase):
    def test_state_machine_with_failed_verification(self):
        plan = self._plan()
        plan.action_open()
        self.assertEqual(plan.state, "open")
        todo = plan.activity_ids
        self.assertEqual(todo.user_id, self.user_manager)
        self.assertEqual(todo.date_deadline, date(2026, 3, 20))
        with freeze_time("2026-03-18"):
            plan.action_done()
        self.assertEqual(plan.state, "done")
        self.assertEqual(plan.done_date, date(2026, 3, 18))
        self.assertEqual(plan.on_time, 100.0)
        checker = plan.with_user(self.user_manager_2)
        with self.assertRaisesRegex(UserError, "Say why"):
            checker.action_reopen("")
        checker.action_reopen("Expired packs were found again a week later.")
        self.assertEqual(plan.state, "open")
        self.assertEqual(plan.verification_verdict, "ineffective")
        self.assertEqual(plan.verified_by_id, self.user_manager_2)
        self.assertTrue(plan.verified_date)
        self.assertFalse(plan.done_date)
        with freeze_time("2026-03-25"):
            plan.action_done()
        self.assertEqual(plan.on_time, 0.0, "carried out after its deadline")
        checker.action_verify("No expired goods found in three checks.")
        self.assertEqual(plan.state, "verified")
        self.assertEqual(plan.verification_verdict, "effective")
        self.assertEqual(
            plan.verification_note, "No expired goods found in three checks."
        )
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            plan.action_cancel()

    def test_reopen_wizard(self):
        plan = self._plan()
        plan.action_open()
        plan.action_done()
        wizard = (
            self.env["complaint.corrective.action.reopen.wizard"]
            .with_user(self.user_manager_2)
            .create({"action_id": plan.id, "note": "Still happening."})
        )
        wizard.action_reopen()
        self.assertEqual(plan.state, "open")

    def test_verification_rights(self):
        plan = self._plan(user_id=self.user_manager.id)
        plan.action_open()
        plan.action_done()
        with self.assertRaisesRegex(UserError, "Only a complaint manager"):
            plan.with_user(self.user_agent).action_verify()
        with self.assertRaisesRegex(
            UserError, "responsible for a plan does not verify"
        ):
            plan.with_user(self.user_manager).action_verify()
        self.assertEqual(plan.state, "done")
        plan.with_user(self.user_manager_2).action_verify()
        self.assertEqual(plan.state, "verified")

    def test_state_cannot_be_written_directly(self):
        plan = self._plan()
        for vals in ({"state": "verified"}, {"verified_by_id": self.user_agent.id}):
            with self.assertRaisesRegex(UserError, "only through its actions"):
                plan.with_user(self.user_agent).write(vals)
        with self.assertRaisesRegex(UserError, "only through its actions"):
            self._plan(state="open")

    def test_wrong_transitions(self):
        plan = self._plan()
        with self.assertRaisesRegex(UserError, "can be marked as carried out"):
            plan.action_done()
        with self.assertRaisesRegex(UserError, "can be verified"):
            plan.with_user(self.user_manager_2).action_verify()
        plan.action_cancel()
        with self.assertRaisesRegex(UserError, "can be opened"):
            plan.action_open()

    def test_plan_from_complaint_is_prefilled(self):
        complaint = self._justified_complaint()
        complaint.complaint_root_cause = "No one checked dates on Mondays."
        action = complaint.with_user(self.user_agent).action_new_corrective_action()
        form = Form(
            self.env["complaint.corrective.action"]
            .with_user(self.user_agent)
            .with_context(**action["context"])
        )
        form.user_id = self.user_agent
        plan = form.save()
        self.assertEqual(plan.ticket_ids, complaint)
        self.assertEqual(plan.category_id, self.category_quality)
        self.assertEqual(plan.root_cause, "No one checked dates on Mondays.")
        self.assertEqual(complaint.corrective_action_ids, plan)
        self.assertEqual(complaint.corrective_action_count, 1)


@tagged("post_install", "-at_install")
class TestCloseNeedsPlan(ActionPlanCase):
    def test_category_switch(self):
        complaint = self._justified_complaint()
        self._send_response(complaint)
        # without the switch a justified complaint closes without a plan
        complaint.stage_id = self.stage_done
        self.assertTrue(complaint.closed)

    def test_justified_complaint_needs_open_plan(self):
        self.category_quality.complaint_requires_action = True
        complaint = self._justified_complaint().with_user(self.user_agent)
        self._send_response(complaint)
        with self.assertRaisesRegex(ValidationError, "without an action plan"):
            with self.cr.savepoint():
                complaint.write({"stage_id": self.stage_done.id})
                self.env.flush_all()
        complaint.invalidate_recordset()
        plan = self._plan(ticket_ids=[(6, 0, complaint.ids)])
        with self.assertRaisesRegex(ValidationError, "without an action plan"):
            with self.cr.savepoint():
                complaint.write({"stage_id": self.stage_done.id})
                self.env.flush_all()
        complaint.invalidate_recordset()
        plan.action_open()
        complaint.write({"stage_id": self.stage_done.id})
        self.assertTrue(complaint.closed)

    def test_unjustified_complaint_closes_without_plan(self):
        self.category_quality.complaint_requires_action = True
        complaint = self._registered_complaint()
        complaint.write(
            {
                "complaint_assessment": "unjustified",
                "complaint_assessment_note": "The product was used wrongly.",
            }
        )
        self._send_response(complaint)
        complaint.stage_id = self.stage_done
        self.assertTrue(complaint.closed)


@tagged("post_install", "-at_install")
class TestOverduePlans(ActionPlanCase):
    def test_overdue_flag_and_single_manager_notice(self):
        late = self._plan(user_id=self.user_agent.id, date_deadline=date(2026, 3, 10))
        late.action_open()
        on_time = self._plan(
            user_id=self.user_agent.id, date_deadline=date(2026, 3, 30)
        )
        on_time.action_open()
        Plan = self.env["complaint.corrective.action"]
        with freeze_time("2026-03-12"):
            late.invalidate_recordset(["overdue"])
            self.assertTrue(late.overdue)
            self.assertFalse(on_time.overdue)
            self.assertIn(late, Plan.search([("overdue", "=", True)]))
            self.assertNotIn(on_time, Plan.search([("overdue", "=", True)]))
            self.assertIn(on_time, Plan.search([("overdue", "=", False)]))
            Plan._cron_notify_overdue_plans()
            notices = late.activity_ids.filtered(
                lambda a: a.summary == "Action plan overdue"
            )
            self.assertEqual(notices.user_id, self.user_manager | self.user_manager_2)
            Plan._cron_notify_overdue_plans()
            notices_again = late.activity_ids.filtered(
                lambda a: a.summary == "Action plan overdue"
            )
            self.assertEqual(notices_again, notices, "told once")
            self.assertFalse(
                on_time.activity_ids.filtered(
                    lambda a: a.summary == "Action plan overdue"
                )
            )
        late.action_done()
        with freeze_time("2026-03-12"):
            late.invalidate_recordset(["overdue"])
            self.assertFalse(late.overdue, "carried out plans are not overdue")
