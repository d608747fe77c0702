"""Shared fixtures: a company on a known working calendar, a complaints desk
with an e-mail alias, complaint categories, agents, a manager and customers."""

import importlib.util
import threading
import time
from pathlib import Path
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.sql_db import Cursor
from odoo.tests import BaseCase, new_test_user
from odoo.tools import config

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


MIGRATIONS = Path(__file__).resolve().parents[1] / "complaint_management/migrations"


def load_migration(version):
    """The post-migration script of ``version``, as a module."""
    path = MIGRATIONS / version / "post-migration.py"
    name = "cm_migration_" + version.replace(".", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def queries_of(func):
    """``func``'s result and the queries it sent, as given to the cursor."""
    queries = []
    execute = Cursor.execute

    def recording(cr, query, params=None, log_exceptions=True):
        queries.append(query)
        return execute(cr, query, params, log_exceptions)

    with patch.object(Cursor, "execute", recording):
        result = func()
    return result, queries


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


class RaceCase(BaseCase):
    """Two users act on the same records at the same moment, each in a
    transaction of its own. Real cursors see only committed data, so these
    tests commit their set-up (with ``self.registry.cursor()``) and remove it
    afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(config["db_name"])

    def _act_in_thread(self, uid, action):
        """A thread that runs ``action(env)`` in a cursor of its own and
        commits, and the dict it reports to: ``result`` is "done" or the
        class name of the error that stopped it, ``message`` its text."""
        outcome = {}

        def run():
            try:
                with self.registry.cursor() as cr:
                    action(api.Environment(cr, uid, {}))
                    cr.flush()
                outcome["result"] = "done"
            except (UserError, SerializationFailure) as error:
                outcome["result"] = type(error).__name__
                outcome["message"] = str(error)

        return threading.Thread(target=run), outcome

    def _act_once(self, uid, action, timeout=30):
        """``action`` in a transaction of its own (a retried request)."""
        thread, outcome = self._act_in_thread(uid, action)
        thread.start()
        thread.join(timeout=timeout)
        self.assertFalse(thread.is_alive())
        return outcome

    def _race(self, uid_a, uid_b, action_a, action_b=None, timeout=30):
        """A acts and keeps its transaction open; B acts (``action_b``, or
        the same action) meanwhile and must wait for A's locks until A
        commits. Returns what ``action_a`` returned and B's outcome."""
        cr_a = self.registry.cursor()
        try:
            env_a = api.Environment(cr_a, uid_a, {})
            result_a = action_a(env_a)
            env_a.flush_all()
            thread_b, outcome = self._act_in_thread(uid_b, action_b or action_a)
            thread_b.start()
            time.sleep(1.0)
            self.assertTrue(thread_b.is_alive(), "B must wait for A's lock")
            cr_a.commit()
            thread_b.join(timeout=timeout)
        finally:
            cr_a.close()
        self.assertFalse(thread_b.is_alive())
        return result_a, outcome
