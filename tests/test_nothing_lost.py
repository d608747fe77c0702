"""Nothing lost: journal records survive deletion attempts, merges and load."""

import threading
import uuid

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tools import config

from .test_compensation import CompensationCase


@tagged("post_install", "-at_install")
class TestNothingLost(CompensationCase):
    def test_sent_letter_cannot_be_deleted_even_by_admin(self):
        self.complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Confirmed.",
            }
        )
        self._send_response(self.complaint)
        letter = self.complaint._get_complaint_response_letter()
        self.assertTrue(letter)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            letter.sudo().unlink()
        # other attachments of the complaint can go
        photo = self.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "res_model": "helpdesk.ticket",
                "res_id": self.complaint.id,
            }
        )
        photo.unlink()

    def test_registered_complaint_can_be_archived_not_deleted(self):
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.complaint.sudo().unlink()
        self.complaint.action_archive()
        self.assertFalse(self.complaint.active)

    def test_partner_merge_keeps_complaints_and_compensations(self):
        duplicate = self.env["res.partner"].create(
            {"name": "Carla C.", "email": "carla.c@example.com"}
        )
        other = self._registered_complaint(partner_id=duplicate.id)
        compensation = self._compensation(40)
        compensation.action_submit()
        compensation.action_offer()
        compensation.action_accept()
        survivor = duplicate
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge([self.customer.id, duplicate.id], survivor)
        self.assertFalse(self.customer.exists())
        survivor.invalidate_recordset()
        self.assertEqual((self.complaint | other).partner_id, survivor)
        self.assertEqual(compensation.partner_id, survivor)
        self.assertEqual(compensation.commercial_partner_id, survivor)
        self.assertEqual(survivor.complaint_count, 2)
        self.assertEqual(survivor.complaint_compensation_total, 40)

    def test_gap_free_journal_setting(self):
        sequence = self.company._get_complaint_sequence()
        self.assertEqual(sequence.implementation, "standard")
        self.company.complaint_journal_no_gap = True
        self.assertEqual(sequence.implementation, "no_gap")
        given = set(
            self.env["helpdesk.ticket"]
            .search([("complaint_ref", "!=", False)])
            .mapped("complaint_ref")
        )
        self.assertTrue(given, "the journal already holds complaints")
        first = self._registered_complaint()
        second = self._registered_complaint()
        self.env.flush_all()
        # the journal goes on where it was: no number is given twice
        self.assertNotIn(first.complaint_ref, given)
        self.assertEqual(
            int(second.complaint_ref[-5:]), int(first.complaint_ref[-5:]) + 1
        )
        self.company.complaint_journal_no_gap = False
        self.assertEqual(sequence.implementation, "standard")
        third = self._registered_complaint()
        self.env.flush_all()
        self.assertEqual(
            int(third.complaint_ref[-5:]), int(second.complaint_ref[-5:]) + 1
        )


@tagged("post_install", "-at_install")
class TestConcurrentRegistration(BaseCase):
    """20 registrations at the same moment, each in its own transaction."""

    COUNT = 20

    def setUp(self):
        super().setUp()
        self.registry = Registry(config["db_name"])
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            category = env["helpdesk.ticket.category"].create(
                {"name": f"Concurrent {tag}", "complaint_kind": "quality"}
            )
            # twenty customers: Odoo's auth_signup writes on the customer for
            # every notification, so one customer's simultaneous mails conflict
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Crowd {tag} {i}",
                        "email": f"crowd.{tag}.{i}@example.com",
                    }
                    for i in range(self.COUNT)
                ]
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Crowd {tag} {i}",
                        "description": "<p>x</p>",
                        "category_id": category.id,
                        "partner_id": customer.id,
                    }
                    for i, customer in enumerate(customers)
                ]
            )
            self.ticket_ids = tickets.ids
            self.category_id = category.id
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            ids = tuple(self.ticket_ids)
            cr.execute(
                "DELETE FROM mail_message"
                " WHERE model = 'helpdesk.ticket' AND res_id IN %s",
                [ids],
            )
            cr.execute("DELETE FROM helpdesk_ticket WHERE id IN %s", [ids])
            cr.execute(
                "DELETE FROM helpdesk_ticket_category WHERE id = %s", [self.category_id]
            )

    def test_twenty_at_once_get_twenty_numbers(self):
        barrier = threading.Barrier(self.COUNT)
        errors = []

        def register(ticket_id):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    ticket = env["helpdesk.ticket"].browse(ticket_id)
                    ticket.name  # noqa: B018  (load before the race)
                    barrier.wait(timeout=30)
                    ticket.action_complaint_register()
            except Exception as error:  # noqa: BLE001  collected and asserted below
                errors.append(error)

        threads = [
            threading.Thread(target=register, args=(ticket_id,))
            for ticket_id in self.ticket_ids
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT complaint_ref FROM helpdesk_ticket WHERE id IN %s",
                [tuple(self.ticket_ids)],
            )
            refs = [row[0] for row in cr.fetchall()]
        self.assertEqual(len(refs), self.COUNT)
        self.assertTrue(all(refs))
        self.assertEqual(len(set(refs)), self.COUNT)


@tagged("post_install", "-at_install")
class TestLetterChangedMeanwhile(BaseCase):
    """The agent closes the complaint while the scheduled action renders its
    letter: the action's transaction cannot write the complaint any more."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(config["db_name"])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": f"Changed meanwhile {uuid.uuid4().hex[:8]}",
                    "description": "<p>x</p>",
                    "category_id": env.ref(
                        "complaint_management.category_complaint_staff_rudeness"
                    ).id,
                    "partner_id": env.ref("base.res_partner_2").id,
                }
            )
            ticket.action_complaint_register()
            now = fields.Datetime.now()
            ticket._with_workflow_unlocked().write(
                {
                    "complaint_response": "<p>You are right.</p>",
                    "complaint_response_signed_by_id": env.ref("base.user_admin").id,
                    "complaint_response_signed_date": now,
                    "complaint_response_sent_date": now,
                    "complaint_response_sent_by_id": env.ref("base.user_admin").id,
                    "complaint_response_letter_queued_date": now,
                }
            )
            self.ticket_id = ticket.id
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'helpdesk.ticket'"
                " AND res_id = %s",
                [self.ticket_id],
            )
            cr.execute(
                "DELETE FROM ir_attachment WHERE res_model = 'helpdesk.ticket'"
                " AND res_id = %s",
                [self.ticket_id],
            )
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [self.ticket_id])

    def test_letter_is_retried_in_a_new_transaction(self):
        cron = "complaint_management.ir_cron_complaint_send_letters"
        with self.registry.cursor() as action_cr:
            action_env = api.Environment(action_cr, SUPERUSER_ID, {})
            Ticket = action_env["helpdesk.ticket"]
            cron_id = action_env.ref(cron).id
            triggers_before = action_env["ir.cron.trigger"].search_count(
                [("cron_id", "=", cron_id)]
            )
            # the action's transaction has begun: its snapshot is taken
            Ticket.browse(self.ticket_id).complaint_ref  # noqa: B018
            with self.registry.cursor() as agent_cr:
                agent_env = api.Environment(agent_cr, SUPERUSER_ID, {})
                agent_env["helpdesk.ticket"].browse(self.ticket_id).priority = "2"
            Ticket._cron_complaint_send_letters()
            ticket = Ticket.browse(self.ticket_id)
            self.assertTrue(ticket.complaint_response_letter_queued_date)
            self.assertFalse(ticket._get_complaint_response_letter())
            self.assertEqual(
                action_env["ir.cron.trigger"].search_count([("cron_id", "=", cron_id)]),
                triggers_before + 1,
            )
        # the next run, in a new transaction, sends it
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.ticket"]._cron_complaint_send_letters()
            ticket = env["helpdesk.ticket"].browse(self.ticket_id)
            self.assertFalse(ticket.complaint_response_letter_queued_date)
            self.assertTrue(ticket._get_complaint_response_letter())
            cr.rollback()


@tagged("post_install", "-at_install")
class TestDecidedCompensationArchived(CompensationCase):
    def test_decided_compensation_archived_not_deleted(self):
        compensation = self._compensation(30)
        compensation.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            compensation.sudo().unlink()
        compensation.action_archive()
        self.assertFalse(compensation.active)
        self.assertTrue(compensation.exists())
