"""The right person, within a day: automatic assignment at registration, the
team leader's alert for a complaint still unassigned, the customer told of a
transfer in their language."""

from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged

from odoo.addons.complaint_management.models import helpdesk_ticket_team

from .common import MAIL_TEMPLATE, ComplaintCase

UNASSIGNED = "complaint_management.mail_activity_complaint_unassigned"


@tagged("post_install", "-at_install")
class TestAssignment(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("bg_BG")
        cls.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["bg_BG"], overwrite=True
        )
        cls.lang_en = cls.env.ref("base.lang_en")
        cls.lang_bg = cls.env.ref("base.lang_bg")
        cls.anna = new_test_user(
            cls.env,
            login="as_anna",
            name="Anna English",
            email="anna@example.com",
            groups="complaint_management.group_complaint_user",
            company_id=cls.company.id,
        )
        cls.boris = new_test_user(
            cls.env,
            login="as_boris",
            name="Boris Bilingual",
            email="boris@example.com",
            groups="complaint_management.group_complaint_user",
            company_id=cls.company.id,
        )
        cls.anna.complaint_lang_ids = cls.lang_en
        cls.boris.complaint_lang_ids = cls.lang_en | cls.lang_bg
        cls.leader = new_test_user(
            cls.env,
            login="as_leader",
            name="Lena Leader",
            email="lena@example.com",
            groups="complaint_management.group_complaint_user",
            company_id=cls.company.id,
        )
        cls.team.write({"user_ids": [(6, 0, (cls.anna | cls.boris).ids)]})
        cls.team.user_id = cls.leader
        cls.customer_bg = cls.env["res.partner"].create(
            {"name": "Bilyana", "email": "bilyana@example.com", "lang": "bg_BG"}
        )

    def _complaint(self, customer=None, **values):
        # helpdesk gives a ticket its creator by default: these come unassigned
        values.setdefault("user_id", False)
        return self._registered_complaint(
            team_id=self.team.id,
            partner_id=(customer or self.customer).id,
            **values,
        )

    # -- assignment ------------------------------------------------------

    def test_by_language(self):
        # Boris already has more open complaints, but only he speaks Bulgarian
        self._complaint(user_id=self.boris.id)
        complaint = self._complaint(self.customer_bg)
        self.assertEqual(complaint.user_id, self.boris)
        self.assertFalse(complaint.complaint_language_mismatch)
        self.assertFalse(complaint.complaint_assign_due)

    def test_by_load(self):
        self._complaint(user_id=self.anna.id)
        self._complaint(user_id=self.anna.id)
        self._complaint(user_id=self.boris.id)
        self.assertEqual(self._complaint().user_id, self.boris)
        # now even: the one given a complaint least recently
        self.assertEqual(self._complaint().user_id, self.anna)

    def test_by_load_counts_changes_not_yet_written(self):
        """The load query reads the database: a reassignment or a closing
        still pending in the transaction is written first, as a new ticket
        waiting for its agent need not be."""
        moving = self._complaint(user_id=self.anna.id)
        self._complaint(user_id=self.boris.id)
        self._complaint(user_id=self.boris.id)
        self.env.flush_all()
        # Anna's complaint goes to Boris, in the cache only
        moving.user_id = self.boris
        self.assertEqual(self._complaint().user_id, self.anna)
        # two of Boris's three closed as duplicates of Anna's, in the cache
        # only: he has the fewest open
        self.env.flush_all()
        boris_open = self.env["helpdesk.ticket"].search(
            [("user_id", "=", self.boris.id)]
        )
        original = self._complaint(user_id=self.anna.id)
        boris_open[:2].write(
            {"duplicate_id": original.id, "stage_id": self.stage_done.id}
        )
        self.assertEqual(set(boris_open[:2].mapped("complaint_state")), {"duplicate"})
        self.assertEqual(self._complaint().user_id, self.boris)

    def test_ties_in_turn_within_one_registration(self):
        with freeze_time("2026-03-02 09:00:00"):
            self._complaint(user_id=self.boris.id)
        with freeze_time("2026-03-02 10:00:00"):
            self._complaint(user_id=self.anna.id)
        complaints = self.env["helpdesk.ticket"].concat(
            *(
                self._new_complaint(team_id=self.team.id, user_id=False)
                for _i in range(4)
            )
        )
        with freeze_time("2026-03-03 09:00:00"):
            complaints.action_complaint_register()
        # one open complaint each: Boris was given his first, so he starts,
        # then they take turns
        self.assertEqual(
            [c.user_id for c in complaints],
            [self.boris, self.anna, self.boris, self.anna],
        )

    def test_loads_in_one_query(self):
        for _i in range(3):
            self._complaint(user_id=self.anna.id)

        def pick(count):
            return lambda: self.team._complaint_pick_assignees([False] * count)

        # as many queries for one complaint as for twenty: no query per pick
        self.assertEqual(self._count_queries(pick(1)), self._count_queries(pick(20)))
        complaints = self.env["helpdesk.ticket"].concat(
            *(
                self._new_complaint(team_id=self.team.id, user_id=False)
                for _i in range(6)
            )
        )
        complaints.action_complaint_register()
        self.assertEqual(
            [c.user_id for c in complaints],
            [self.boris] * 3 + [self.anna, self.boris, self.anna],
        )

    def test_full_agents_take_turns(self):
        # past the cap both are full: the one given a complaint least
        # recently takes the next, though Anna has more open complaints
        with freeze_time("2026-03-02 09:00:00"):
            for _i in range(3):
                self._complaint(user_id=self.anna.id)
        with freeze_time("2026-03-03 09:00:00"):
            for _i in range(2):
                self._complaint(user_id=self.boris.id)
        self.assertEqual(self.team._get_complaint_assignee(), self.boris)
        with patch.object(helpdesk_ticket_team, "LOAD_COUNT_CAP", 2):
            self.assertEqual(self.team._get_complaint_assignee(), self.anna)

    def test_setting_off(self):
        self.company.helpdesk_mgmt_ticket_auto_assign = False
        complaint = self._complaint()
        self.assertFalse(complaint.user_id)
        self.assertTrue(complaint.complaint_assign_due)

    def test_mail_route_assigns(self):
        with self.mock_mail_gateway():
            complaint = self.format_and_process(
                MAIL_TEMPLATE,
                "Nina Novak <nina.novak@example.com>",
                self.team.alias_id.alias_full_name,
                subject="Expired yoghurt, by mail",
                target_model="helpdesk.ticket",
            )
        self.assertTrue(complaint.complaint_ref)
        self.assertIn(complaint.user_id, self.anna | self.boris)
        # the agent follows the complaint; no "assigned to you" mail per
        # complaint, as Odoo's CRM assigns its leads
        agent = complaint.user_id.partner_id
        self.assertIn(agent, complaint.message_partner_ids)
        self.assertFalse(self._new_mails.filtered(lambda m: agent in m.recipient_ids))
        self.assertEqual(
            self._new_mails.recipient_ids, complaint.partner_id, "only the customer"
        )

    def test_agent_assigning_by_hand_notifies_as_odoo_does(self):
        complaint = self._complaint()
        other = self.boris if complaint.user_id == self.anna else self.anna
        with self.mock_mail_gateway():
            complaint.with_user(self.leader).user_id = other
        self.assertTrue(
            self._new_mails.filtered(lambda m: other.partner_id in m.recipient_ids)
        )

    # -- the unassigned alert --------------------------------------------

    def test_unassigned_alert_once_after_a_working_day(self):
        self.team.user_ids = False
        # registered on Friday 6 March 2026: due at the end of Monday 9 March
        with freeze_time("2026-03-06 09:00:00"):
            complaint = self._complaint()
        self.assertFalse(complaint.user_id)
        self.assertEqual(
            complaint.complaint_assign_due, datetime(2026, 3, 9, 22, 59, 59)
        )
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-03-09 12:00:00"):
            Ticket._cron_complaint_unassigned_alert()
        self.assertFalse(complaint.activity_ids)
        with freeze_time("2026-03-10 08:00:00"):
            Ticket._cron_complaint_unassigned_alert()
            Ticket._cron_complaint_unassigned_alert()
        alert = complaint.activity_ids
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.activity_type_id, self.env.ref(UNASSIGNED))
        self.assertEqual(alert.user_id, self.leader)
        self.assertFalse(complaint.complaint_assign_due)
        # someone takes it: the alert is done
        complaint.user_id = self.anna
        self.assertFalse(complaint.activity_ids)
        self.assertIn(
            self.env.ref(UNASSIGNED),
            complaint.message_ids.mail_activity_type_id,
        )

    def test_assigned_in_time_no_alert(self):
        self.team.user_ids = False
        with freeze_time("2026-03-06 09:00:00"):
            complaint = self._complaint()
        complaint.user_id = self.anna
        self.assertFalse(complaint.complaint_assign_due)
        with freeze_time("2026-03-10 08:00:00"):
            self.env["helpdesk.ticket"]._cron_complaint_unassigned_alert()
        self.assertFalse(complaint.activity_ids)

    # -- the transfer told to the customer -------------------------------

    def _transfer(self, complaint, notify):
        wizard = Form(
            self.env["complaint.transfer.wizard"].with_context(
                default_ticket_id=complaint.id
            )
        )
        wizard.user_id = self.boris
        wizard.notify_customer = notify
        wizard.save().action_transfer()

    def test_transfer_tells_the_customer_in_their_language(self):
        complaint = self._complaint(self.customer_bg, user_id=self.anna.id)
        transferred = self.env.ref("complaint_management.mt_complaint_transferred")
        with self.mock_mail_gateway():
            self._transfer(complaint, notify=True)
        self.assertEqual(complaint.user_id, self.boris)
        message = complaint.message_ids.filtered(lambda m: m.subtype_id == transferred)
        self.assertEqual(len(message), 1)
        # who now handles it, why, and the text around it, in Bulgarian
        self.assertIn("Boris Bilingual", message.body)
        self.assertIn("жалба", message.subject)
        self.assertIn("говори този език", message.body)
        self.assertNotIn("now handled by", message.body)
        mail = self._new_mails.filtered(lambda m: m.recipient_ids == self.customer_bg)
        self.assertEqual(len(mail), 1)

    def test_transfer_opt_out(self):
        complaint = self._complaint(self.customer_bg, user_id=self.anna.id)
        transferred = self.env.ref("complaint_management.mt_complaint_transferred")
        self._transfer(complaint, notify=False)
        self.assertEqual(complaint.user_id, self.boris)
        self.assertFalse(
            complaint.message_ids.filtered(lambda m: m.subtype_id == transferred)
        )
