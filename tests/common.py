"""Shared fixtures: a company on a known working calendar, a complaints desk
with an e-mail alias, complaint categories, agents, a manager and customers."""

from odoo.tests import new_test_user

from odoo.addons.mail.tests.common import MailCommon

MAIL_TEMPLATE = """Return-Path: <{return_path}>
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}
The yoghurt I bought yesterday was two weeks past its date.
I would like my money back.
"""


class ComplaintCase(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_admin
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Office hours (Brussels)", "tz": "Europe/Brussels"}
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.category_quality = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Test quality complaints",
                "complaint_kind": "quality",
                "complaint_response_days": 10,
                "company_id": cls.company.id,
            }
        )
        cls.category_support = cls.env["helpdesk.ticket.category"].create(
            {"name": "Test how-to questions", "company_id": cls.company.id}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Test complaints desk",
                "is_complaint_team": True,
                "alias_name": "test-complaints",
                "company_id": cls.company.id,
            }
        )
        cls.user_agent = new_test_user(
            cls.env,
            login="complaint_agent",
            name="Alice Agent",
            email="alice.agent@example.com",
            groups="complaint_management.group_complaint_user",
            company_id=cls.company.id,
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="complaint_manager",
            name="Mark Manager",
            email="mark.manager@example.com",
            groups="complaint_management.group_complaint_manager",
            company_id=cls.company.id,
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Carla Customer", "email": "carla.customer@example.com"}
        )

    def _new_complaint(self, **values):
        vals = {
            "name": "Expired yoghurt",
            "description": "<p>Two weeks past its date.</p>",
            # what the letter says the customer told us and what we found
            "complaint_customer_summary": "You told us that the yoghurt you "
            "bought was two weeks past its date.",
            "complaint_customer_findings": "We found packs past their date "
            "on the shelf.",
            "category_id": self.category_quality.id,
            "partner_id": self.customer.id,
            "company_id": self.company.id,
        }
        vals.update(values)
        return self.env["helpdesk.ticket"].create(vals)

    def _send_response(
        self, complaint, text="<p>We checked and here is our answer.</p>"
    ):
        """The written response every assessed complaint needs before closing."""
        complaint.complaint_response = text
        # and the letter's other texts for the customer, where none was written
        for name in ("complaint_customer_summary", "complaint_customer_findings"):
            if not complaint[name]:
                complaint[name] = "Written for the customer."
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        complaint.action_complaint_send_response()
        self.env["helpdesk.ticket"]._cron_complaint_send_letters()

    def _registered_complaint(self, **values):
        complaint = self._new_complaint(**values)
        complaint.action_complaint_register()
        return complaint

    def _count_queries(self, func):
        """Queries ``func`` makes, record caches emptied and writes flushed."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before
