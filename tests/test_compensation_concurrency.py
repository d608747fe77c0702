import uuid

from odoo import SUPERUSER_ID, api
from odoo.tests import new_test_user, tagged

from .common import RaceCase


@tagged("post_install", "-at_install")
class TestConcurrentApproval(RaceCase):
    """Two approvers press Approve on the same compensation at the same moment,
    each in a transaction of its own: exactly one approval results."""

    def setUp(self):
        super().setUp()
        run = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = "complaint_management.group_complaint_user"
            self.approver_a = new_test_user(
                env, login=f"concurrent_a_{run}", groups=group
            ).id
            self.approver_b = new_test_user(
                env, login=f"concurrent_b_{run}", groups=group
            ).id
            self.requester = new_test_user(
                env, login=f"concurrent_r_{run}", groups=group
            ).id
            limits = env["complaint.approval.limit"].create(
                [
                    {"user_id": self.approver_a, "amount": 10**7},
                    {"user_id": self.approver_b, "amount": 10**7},
                ]
            )
            self.limit_ids = limits.ids
            category = env["helpdesk.ticket.category"].create(
                {"name": "Concurrency test", "complaint_kind": "quality"}
            )
            self.category_id = category.id
            customer = env["res.partner"].create(
                {"name": "Concurrent customer", "email": "concurrent@example.com"}
            )
            self.customer_id = customer.id
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Concurrent complaint",
                    "description": "<p>x</p>",
                    "category_id": category.id,
                    "partner_id": customer.id,
                }
            )
            self.ticket_id = ticket.id
            compensation = (
                env["complaint.compensation"]
                .with_user(self.requester)
                .create({"ticket_id": ticket.id, "amount": 5 * 10**6})
            )
            compensation.action_submit()
            self.assertEqual(compensation.state, "to_approve")
            self.compensation_id = compensation.id
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            for model, ids in (
                ("complaint.compensation", [self.compensation_id]),
                ("helpdesk.ticket", [self.ticket_id]),
            ):
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s",
                    [model, tuple(ids)],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    [model, tuple(ids)],
                )
            cr.execute(
                "DELETE FROM complaint_compensation WHERE id = %s",
                [self.compensation_id],
            )
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [self.ticket_id])
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["complaint.approval.limit"].browse(self.limit_ids).unlink()
            env["helpdesk.ticket.category"].browse(self.category_id).unlink()
            env["res.users"].browse(
                [self.approver_a, self.approver_b, self.requester]
            ).action_archive()

    def _approve(self, env):
        env["complaint.compensation"].browse(self.compensation_id).action_approve()

    def test_two_approvers_at_once_make_one_approval(self):
        _result, outcome = self._race(self.approver_a, self.approver_b, self._approve)
        self.assertIn(outcome["result"], ("UserError", "SerializationFailure"))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            compensation = env["complaint.compensation"].browse(self.compensation_id)
            self.assertEqual(compensation.state, "approved")
            self.assertEqual(compensation.approver_id.id, self.approver_a)
            approvals = compensation.message_ids.filtered(
                lambda m: "Approved by" in str(m.body)
            )
            self.assertEqual(len(approvals), 1)
            messages = len(compensation.message_ids)
            queued = env["mail.mail"].search_count(
                [("mail_message_id", "in", compensation.message_ids.ids)]
            )
        # Odoo retries a request that hit a serialization failure: the retry
        # finds the compensation approved and changes nothing
        retry = self._act_once(self.approver_b, self._approve)
        self.assertEqual(retry["result"], "UserError")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            compensation = env["complaint.compensation"].browse(self.compensation_id)
            self.assertEqual(len(compensation.message_ids), messages)
            self.assertEqual(
                env["mail.mail"].search_count(
                    [("mail_message_id", "in", compensation.message_ids.ids)]
                ),
                queued,
            )
