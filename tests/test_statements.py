"""Everyone involved heard: the employee concerned and the statements of the
investigation, for complaint users only, never for the customer; the
employee as an HR employee through complaint_management_hr."""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

STATEMENT = "The customer raised their voice before I could answer."


@tagged("post_install", "-at_install")
class TestStatements(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Statements: staff conduct", "complaint_kind": "staff"}
        )
        cls.agent = new_test_user(
            cls.env,
            login="st_agent",
            name="Sam Agent",
            groups="complaint_management.group_complaint_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="st_manager",
            name="Mia Manager",
            groups="complaint_management.group_complaint_manager",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="st_clerk",
            name="Carl Clerk",
            groups="base.group_user",
        )
        cls.customer = new_test_user(
            cls.env,
            login="st_customer",
            name="Petra Portal",
            email="petra.st@example.com",
            groups="base.group_portal",
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Rude at the counter",
                "description": "<p>The clerk was rude.</p>",
                "category_id": cls.category.id,
                "partner_id": cls.customer.partner_id.id,
                "complaint_employee_id": cls.clerk.id,
            }
        )
        cls.complaint.action_complaint_register()
        cls.statement = (
            cls.env["complaint.statement"]
            .with_user(cls.agent)
            .create(
                {
                    "ticket_id": cls.complaint.id,
                    "role": "employee",
                    "author_id": cls.clerk.partner_id.id,
                    "text": STATEMENT,
                }
            )
        )

    def _rpc(self, model, method, args):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_complaint_users_read_and_write_statements(self):
        statements = self.complaint.with_user(self.agent).complaint_statement_ids
        self.assertEqual(statements, self.statement)
        self.assertEqual(statements.author_id, self.clerk.partner_id)
        self.assertTrue(statements.date)
        self.assertEqual(statements.company_id, self.complaint.company_id)
        self.env["complaint.statement"].with_user(self.agent).create(
            {"ticket_id": self.complaint.id, "role": "witness", "text": "I saw it."}
        )
        roles = self.complaint.with_user(self.agent).complaint_statement_ids.mapped(
            "role"
        )
        self.assertEqual(sorted(roles), ["employee", "witness"])
        # a colleague outside the complaints desk does not read them
        with self.assertRaises(AccessError):
            self.env["complaint.statement"].with_user(self.clerk).search([])

    @mute_logger("odoo.http")
    def test_never_to_the_portal(self):
        with self.assertRaises(AccessError):
            self.statement.with_user(self.customer).read(["text"])
        self.authenticate("st_customer", "st_customer")
        for model, method, args in (
            ("complaint.statement", "search_read", [[], ["text"]]),
            ("complaint.statement", "read", [[self.statement.id], ["text"]]),
            (
                "helpdesk.ticket",
                "read",
                [[self.complaint.id], ["complaint_statement_ids"]],
            ),
            (
                "helpdesk.ticket",
                "read",
                [[self.complaint.id], ["complaint_employee_id"]],
            ),
        ):
            result = self._rpc(model, method, args)
            self.assertIn("error", result, (model, method, args))
            self.assertIn("AccessError", result["error"]["data"]["name"])
        # the customer reads their complaint, not what was said about it
        page = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Rude at the counter", page.text)
        self.assertNotIn(STATEMENT, page.text)
        self.assertNotIn("Carl Clerk", page.text)

    def test_hr_employee_follows_the_user(self):
        employee = self.env["hr.employee"].create(
            {"name": "Carl Clerk", "user_id": self.clerk.id}
        )
        complaint = self.complaint.copy({"complaint_employee_id": self.clerk.id})
        self.assertEqual(complaint.complaint_hr_employee_id, employee)
        other = self.env["hr.employee"].create(
            {"name": "Sam Agent", "user_id": self.agent.id}
        )
        complaint.complaint_hr_employee_id = other
        self.assertEqual(complaint.complaint_employee_id, self.agent)
        complaint.complaint_employee_id = False
        self.assertFalse(complaint.complaint_hr_employee_id)

    def test_staff_conduct_analysis_for_managers_only(self):
        action = self.env.ref("complaint_management.action_complaint_staff_analysis")
        menu = self.env.ref("complaint_management.menu_complaint_staff_analysis")
        manager_group = self.env.ref("complaint_management.group_complaint_manager")
        self.assertEqual(action.groups_id, manager_group)
        self.assertEqual(menu.groups_id, manager_group)
        self.assertNotIn(menu, self.env["ir.ui.menu"].with_user(self.agent).search([]))
        self.assertIn(menu, self.env["ir.ui.menu"].with_user(self.manager).search([]))
        Ticket = self.env["helpdesk.ticket"].with_user(self.manager)
        groups = dict(
            Ticket._read_group(
                safe_eval(action.domain), ["complaint_employee_id"], ["__count"]
            )
        )
        self.assertEqual(groups.get(self.clerk), 1)
