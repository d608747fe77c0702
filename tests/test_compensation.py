from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase


class CompensationCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.currency = cls.company.currency_id
        cls.foreign = cls.env.ref("base.EUR")
        if cls.foreign == cls.currency:
            cls.foreign = cls.env.ref("base.USD")
        cls.foreign.active = True
        # 1 unit of company currency = 2 units of the foreign currency
        cls.env["res.currency.rate"].search(
            [("currency_id", "in", (cls.foreign | cls.currency).ids)]
        ).unlink()
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.foreign.id,
                "company_id": cls.company.id,
                "name": "2020-01-01",
                "rate": 2.0,
            }
        )
        cls.user_agent_2 = new_test_user(
            cls.env,
            login="complaint_agent_2",
            name="Bob Agent",
            groups="complaint_management.group_complaint_user",
            company_id=cls.company.id,
        )
        cls.user_senior = new_test_user(
            cls.env,
            login="complaint_senior",
            name="Sam Senior",
            groups="complaint_management.group_complaint_user",
            company_id=cls.company.id,
        )
        Limit = cls.env["complaint.approval.limit"]
        Limit.search([]).unlink()
        Limit.create(
            [
                {
                    "user_id": cls.user_agent.id,
                    "amount": 100,
                    "company_id": cls.company.id,
                },
                {
                    "user_id": cls.user_agent_2.id,
                    "amount": 100,
                    "company_id": cls.company.id,
                },
                {
                    "group_id": cls.env.ref(
                        "complaint_management.group_complaint_manager"
                    ).id,
                    "amount": 1000,
                    "company_id": cls.company.id,
                },
                {
                    "user_id": cls.user_senior.id,
                    "amount": 5000,
                    "currency_id": cls.foreign.id,
                    "company_id": cls.company.id,
                },
            ]
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Washing machine broke",
                "description": "<p>Drum stopped.</p>",
                "category_id": cls.category_quality.id,
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "user_id": cls.user_agent.id,
            }
        )
        cls.complaint.action_complaint_register()

    def _compensation(self, amount, user=None, **values):
        vals = {
            "ticket_id": self.complaint.id,
            # a remedy no bridge delivers by a document: the agent marks it
            # delivered (refunds are credit notes where Invoicing is installed)
            "compensation_type": "free_service",
            "amount": amount,
            "description": "A refund of the purchase price.",
        }
        vals.update(values)
        Compensation = self.env["complaint.compensation"].with_user(
            user or self.user_agent
        )
        return Compensation.create(vals)

    def _approved(self, amount):
        compensation = self._compensation(amount)
        compensation.action_submit()
        if compensation.state == "to_approve":
            compensation.with_user(self.user_senior).action_approve()
        self.assertEqual(compensation.state, "approved")
        return compensation

    def _offered(self, amount):
        compensation = self._approved(amount)
        compensation.action_offer()
        return compensation

    def _approval_activities(self, compensation):
        return compensation.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("complaint_management.mail_activity_compensation_approval")
        )


@tagged("post_install", "-at_install")
class TestCompensationWorkflow(CompensationCase):
    def test_within_own_limit_is_approved_at_once(self):
        compensation = self._compensation(80)
        compensation.action_submit()
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(compensation.approver_id, self.user_agent)
        self.assertEqual(compensation.requested_by_id, self.user_agent)
        self.assertTrue(compensation.approved_date)
        self.assertIn("within own limit", compensation.message_ids[0].body)
        self.assertFalse(self._approval_activities(compensation))

    def test_above_own_limit_waits_for_approvers_whose_limit_covers_it(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        self.assertFalse(compensation.approver_id)
        approvers = self._approval_activities(compensation).user_id
        # the manager group (1000) and the senior (5000 foreign = 2500) cover
        # 500; the other agent (100) does not, nor does the requester
        self.assertIn(self.user_manager, approvers)
        self.assertIn(self.user_senior, approvers)
        self.assertNotIn(self.user_agent, approvers)
        self.assertNotIn(self.user_agent_2, approvers)

    def test_nobody_covers_is_said_in_the_chatter(self):
        compensation = self._compensation(100000)
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        self.assertFalse(self._approval_activities(compensation))
        self.assertIn("No one has an approval limit", compensation.message_ids[0].body)

    def test_requester_cannot_approve_above_own_limit(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        with self.assertRaisesRegex(UserError, "above your own approval limit"):
            compensation.action_approve()
        self.assertFalse(compensation.can_approve)

    def test_user_whose_limit_is_too_low_cannot_approve(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        as_agent_2 = compensation.with_user(self.user_agent_2)
        self.assertFalse(as_agent_2.can_approve)
        with self.assertRaisesRegex(UserError, "above your approval limit"):
            as_agent_2.action_approve()
        self.assertEqual(compensation.state, "to_approve")

    def test_manager_approves(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        as_manager = compensation.with_user(self.user_manager)
        self.assertTrue(as_manager.can_approve)
        as_manager.action_approve()
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(compensation.approver_id, self.user_manager)
        self.assertFalse(self._approval_activities(compensation))
        with self.assertRaisesRegex(UserError, "cannot be approved"):
            compensation.with_user(self.user_senior).action_approve()

    def test_awaiting_my_approval_filter(self):
        small = self._compensation(500)
        large = self._compensation(2000)
        (small | large).action_submit()
        Compensation = self.env["complaint.compensation"]
        mine = Compensation.with_user(self.user_manager).search(
            [("can_approve", "=", True)]
        )
        self.assertIn(small, mine)
        self.assertNotIn(large, mine)
        senior = Compensation.with_user(self.user_senior).search(
            [("can_approve", "=", True)]
        )
        self.assertIn(large, senior)

    def test_refuse(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        with self.assertRaisesRegex(UserError, "why"):
            compensation.with_user(self.user_manager).action_refuse("  ")
        with self.assertRaisesRegex(UserError, "above your approval limit"):
            compensation.with_user(self.user_agent_2).action_refuse("Too much")
        wizard = (
            self.env["complaint.compensation.refuse.wizard"]
            .with_user(self.user_manager)
            .create(
                {"compensation_id": compensation.id, "reason": "A repair is fairer."}
            )
        )
        wizard.action_refuse()
        self.assertEqual(compensation.state, "refused")
        self.assertEqual(compensation.refusal_reason, "A repair is fairer.")
        self.assertTrue(compensation.refused_date)
        self.assertFalse(self._approval_activities(compensation))
        compensation.action_draft()
        self.assertEqual(compensation.state, "draft")

    def test_offer_accept_and_deliver(self):
        compensation = self._approved(80)
        with self.mock_mail_gateway():
            compensation.action_offer()
        self.assertEqual(compensation.state, "offered")
        self.assertTrue(compensation.offered_date)
        compensation.action_accept("Thank you, that is fair.")
        self.assertEqual(compensation.state, "accepted")
        self.assertTrue(compensation.customer_decision_date)
        self.assertEqual(compensation.customer_comment, "Thank you, that is fair.")
        self.assertIn("Thank you, that is fair.", compensation.message_ids[0].body)
        todo = compensation.activity_ids.filtered(lambda a: "accepted" in a.summary)
        self.assertEqual(todo.user_id, self.user_agent, "the complaint's agent is told")
        with self.assertRaisesRegex(UserError, "cannot be declined"):
            compensation.action_decline()
        compensation.action_done()
        self.assertEqual(compensation.state, "done")
        self.assertTrue(compensation.done_date)

    def test_decline_asks_for_another_remedy(self):
        compensation = self._offered(80)
        compensation.action_decline()
        self.assertEqual(compensation.state, "declined")
        todo = compensation.activity_ids.filtered(lambda a: "declined" in a.summary)
        self.assertEqual(todo.user_id, self.user_agent)
        self.assertIn("another remedy", str(todo.note))
        with self.assertRaisesRegex(UserError, "cannot be delivered"):
            compensation.action_done()

    def test_transitions_from_wrong_states_are_refused(self):
        compensation = self._compensation(80)
        for method, verb in (
            ("action_approve", "approved"),
            ("action_offer", "offered"),
            ("action_accept", "accepted"),
            ("action_decline", "declined"),
            ("action_done", "delivered"),
            ("action_draft", "reset"),
        ):
            with self.assertRaisesRegex(UserError, f"cannot be {verb}"):
                getattr(compensation, method)()
        compensation.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be submitted"):
            compensation.action_submit()
        compensation.action_cancel()
        self.assertEqual(compensation.state, "cancel")
        accepted = self._offered(50)
        accepted.action_accept()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            accepted.action_cancel()

    def test_workflow_fields_cannot_be_written(self):
        compensation = self._compensation(500)
        compensation.action_submit()
        for vals in (
            {"state": "approved"},
            {"approver_id": self.user_agent.id},
            {"approved_date": fields.Datetime.now()},
            {"requested_by_id": self.user_senior.id},
        ):
            with self.assertRaisesRegex(UserError, "only through its actions"):
                compensation.write(vals)
        self.assertEqual(compensation.state, "to_approve")
        with self.assertRaisesRegex(UserError, "only through its actions"):
            self._compensation(10, state="approved")

    def test_changing_terms_after_approval_sends_back_to_approval(self):
        for field, value in (
            ("amount", 90),
            ("currency_id", "foreign"),
            ("compensation_type", "store_credit"),
        ):
            compensation = self._offered(80)
            if value == "foreign":
                value = self.foreign.id
            compensation.write({field: value})
            self.assertEqual(compensation.state, "to_approve", field)
            self.assertFalse(compensation.approver_id)
            self.assertTrue(self._approval_activities(compensation))
        unchanged = self._approved(80)
        unchanged.write({"amount": 80, "description": "Refund by bank transfer."})
        self.assertEqual(unchanged.state, "approved")

    def test_terms_frozen_once_customer_decided(self):
        compensation = self._offered(80)
        compensation.action_accept()
        with self.assertRaisesRegex(UserError, "cannot change"):
            compensation.write({"amount": 10})

    def test_decided_compensations_cannot_be_deleted(self):
        draft = self._compensation(10)
        draft.unlink()
        approved = self._approved(10)
        offered = self._offered(10)
        accepted = self._offered(10)
        accepted.action_accept()
        done = self._offered(10)
        done.action_accept()
        done.action_done()
        for compensation in (approved, offered, accepted, done):
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                compensation.unlink()

    def test_only_on_complaints(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Question",
                "description": "<p>?</p>",
                "category_id": self.category_support.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "not a complaint"):
            self._compensation(10, ticket_id=ticket.id)

    @mute_logger("odoo.sql_db")
    def test_amount_never_negative(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self._compensation(-5)
            self.env.flush_all()

    def test_partner_is_the_complaint_customer(self):
        compensation = self._compensation(10)
        self.assertEqual(compensation.partner_id, self.customer)
        self.assertEqual(compensation.company_id, self.company)


@tagged("post_install", "-at_install")
class TestApprovalLimits(CompensationCase):
    def _ceiling(self, user, currency=None, company=None):
        return self.env["complaint.approval.limit"]._get_user_limit(
            user,
            company or self.company,
            currency or self.currency,
            fields.Date.today(),
        )

    def test_limit_converted_across_currencies(self):
        # 5000 foreign at 2 foreign per unit = 2500 in company currency
        self.assertAlmostEqual(self._ceiling(self.user_senior), 2500)
        self.assertAlmostEqual(self._ceiling(self.user_agent, self.foreign), 200)
        within = self._compensation(2500)
        within.action_submit()
        within.with_user(self.user_senior).action_approve()
        self.assertEqual(within.state, "approved")
        above = self._compensation(2600)
        above.action_submit()
        with self.assertRaisesRegex(UserError, "above your approval limit"):
            above.with_user(self.user_senior).action_approve()
        # a compensation in the foreign currency, within the agent's 100 (= 200)
        foreign = self._compensation(190, currency_id=self.foreign.id)
        foreign.action_submit()
        self.assertEqual(foreign.state, "approved")

    def test_group_limit_and_personal_limit_highest_applies(self):
        self.assertEqual(self._ceiling(self.user_manager), 1000)
        personal = self.env["complaint.approval.limit"].create(
            {"user_id": self.user_manager.id, "amount": 200}
        )
        self.assertEqual(self._ceiling(self.user_manager), 1000, "group is higher")
        personal.amount = 3000
        self.assertEqual(self._ceiling(self.user_manager), 3000, "personal is higher")
        personal.active = False
        self.assertEqual(self._ceiling(self.user_manager), 1000)

    def test_limits_are_per_company(self):
        self.user_agent.company_ids = [(4, self.company_2.id)]
        self.env["complaint.approval.limit"].create(
            {
                "user_id": self.user_agent.id,
                "amount": 9999,
                "company_id": self.company_2.id,
                "currency_id": self.company_2.currency_id.id,
            }
        )
        self.assertEqual(self._ceiling(self.user_agent), 100)
        self.assertEqual(
            self._ceiling(self.user_agent, self.company_2.currency_id, self.company_2),
            9999,
        )
        compensation = self._compensation(500)
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")

    def test_limit_needs_exactly_one_holder(self):
        Limit = self.env["complaint.approval.limit"]
        with self.assertRaisesRegex(
            ValidationError, "either for a user or for a group"
        ):
            Limit.create({"amount": 10})
        with self.assertRaisesRegex(
            ValidationError, "either for a user or for a group"
        ):
            Limit.create(
                {
                    "amount": 10,
                    "user_id": self.user_agent.id,
                    "group_id": self.env.ref("base.group_user").id,
                }
            )

    def test_only_managers_configure_limits(self):
        with self.assertRaises(AccessError):
            self.env["complaint.approval.limit"].with_user(self.user_agent).create(
                {"user_id": self.user_agent.id, "amount": 1000000}
            )
        self.env["complaint.approval.limit"].with_user(self.user_manager).create(
            {"user_id": self.user_agent.id, "amount": 150}
        )
        self.assertEqual(self._ceiling(self.user_agent), 150)
