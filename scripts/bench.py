"""What a complaint costs, side by side with a plain helpdesk_mgmt ticket.

Run by `make bench` (scripts/bench.sh), on a database of its own holding the
addon without demo data. It prints a table (case, ours, peer, ratio, queries
per record, target, met or missed) and writes the same figures, with the
EXPLAIN plan of each scheduled action's main query, to a JSON file.

Volume (bulk-generated in SQL, INSERT ... SELECT generate_series, committed,
then VACUUM (ANALYZE)):
- customers: max(1,000, N/3) partners with an e-mail address, and one customer
  who holds min(10,000, (N - 1,000)/2) of the complaints;
- N complaints in the Complaints team, first 1,000, then the rest (cases 3 and
  5 are measured at both sizes): leaf complaint categories, agents and channels
  in turn, one of four assessments, registered 35 to 400 days ago with their
  journal number (CMP/<year>/<n>, the journal's sequence moved past them),
  deadline and reminder date; all open (New or In Progress) and already
  reminded and escalated, so that no scheduled action finds them due;
- per complaint its acknowledgement in the chatter, and the agent's answer on
  assessed ones; every tenth an accepted compensation, every tenth a verified
  action plan;
- 1,000 plain tickets in a plain team with its own alias (support@).
Everything else goes through the ORM: an agent (cases 1-4), the Complaints
team led by the administrator, a plain Support team, approval limits, five
complaint managers for the load (they sign their own responses) and twenty
portal customers, and the complaint opened in the form case (compensations
waiting for approval, action plans). Outgoing mail is queued, not sent
(mail.mail.force.send.limit = 0), so no SMTP time enters the figures.

Peers: a plain ticket of the Support team, created by the same agent for the
same customer, who is sent the acknowledgement's text by message_post (case 1);
the same e-mails sent to support@ and answered the same way (2);
helpdesk_mgmt's own list and form views read on plain tickets (3); its ticket
counts on the customer (4); for the scheduled actions, the same run among
1,000 complaints (5), and for the recurring-problem search, 10 new complaints
among 300 then 3,000 of the last 30 days already clustered (what a run costs
must not grow with the window). Reports (6) have no peer.

Each case runs once to warm Odoo's caches, then --repeat times (reads five
times as often) with ours and the peer in turn, each run in a transaction
rolled back afterwards; the table shows medians. Queries are counted with the
cursor's sql_log_count.

The load (case 7, scripts/bench_load.py) runs against Odoo served with two
workers and one cron worker on loopback; every simulated person pauses
--think-seconds between two clicks. The cron worker renders and mails the
response letters the agents send; after the load the script waits until none
is left queued.

Reports are rendered with wkhtmltopdf, which fetches the report's CSS over
HTTP: report.url points it at --assets-port, served by this process for cases
1-6 and by the served Odoo's gevent process during the load (case 7), so that
a worker rendering a letter never waits for the other worker.
"""

import argparse
import itertools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from unittest.mock import patch

import psycopg2
import requests
import werkzeug.serving
from lxml import etree

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.sql_db import Cursor

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_load  # noqa: E402

START_SIZE = 1000
PLAIN_TICKETS = 1000
AGENT_INTAKE = 500
MAIL_INTAKE = 300
LIST_LIMIT = 80
CARD_PARTNERS = 80
HEAVY_COMPLAINTS = 10000
DUE = 100
PORTAL_CUSTOMERS = 20
LOAD_AGENTS = 5
READ_REPEAT_FACTOR = 5
# the recurring-problem search: new complaints, among a window of either size
WINDOW_NEW = 10
WINDOW_SMALL = 300
WINDOW_LARGE = 3000
WARM_UP_RECORDS = 20
DESCRIPTION = "<p>The kettle I bought last week stopped working on day two.</p>"
ANSWER = "<p>We looked into your complaint and will be back with our answer.</p>"
MAIL = """Return-Path: <{sender}>
To: {to}
From: {name} <{sender}>
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
Date: Tue, 03 Mar 2026 09:16:26 +0000
Message-ID: <{message_id}@bench.example.org>

The kettle I bought last week stopped working on day two.
I would like my money back.
"""


# ------------------------------------------------------------
# Figures
# ------------------------------------------------------------


@dataclass
class Figure:
    """Median time (ms) and queries of the measured runs."""

    ms: float
    queries: int | None
    runs_ms: list = field(default_factory=list)


@dataclass
class Row:
    case: str
    ours: Figure
    peer: Figure | None = None
    records: int = 1
    target: str = ""
    met: bool | None = None
    detail: dict = field(default_factory=dict)

    @property
    def ratio(self):
        if not self.peer or not self.peer.ms:
            return None
        return self.ours.ms / self.peer.ms


class Meter:
    """Runs an operation in rolled-back transactions and keeps the medians."""

    def __init__(self, env, repeat):
        self.env = env
        self.repeat = repeat

    def run_once(self, operation, prepare=None):
        env, cr = self.env, self.env.cr
        if prepare:
            prepare()
        env.flush_all()
        env.invalidate_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        operation()
        env.flush_all()
        elapsed = 1000 * (time.perf_counter() - start)
        count = cr.sql_log_count - queries
        cr.rollback()
        env.invalidate_all()
        return elapsed, count

    def compare(self, ours, peer=None, prepare=None, repeat=None, warm_up=True):
        """Warm up, then measure ours and the peer in turn."""
        operations = [op for op in (ours, peer) if op]
        for operation in operations if warm_up else ():
            self.run_once(operation, prepare)
        runs = [[] for _op in operations]
        for _i in range(repeat or self.repeat):
            for index, operation in enumerate(operations):
                runs[index].append(self.run_once(operation, prepare))
        figures = [self._figure(op_runs) for op_runs in runs]
        return figures[0], (figures[1] if peer else None)

    def compare_batches(self, ours, peer, count):
        """Warm up on a few records, then measure ``count`` records in turn."""
        for operation in (ours, peer):
            self.run_once(lambda operation=operation: operation(WARM_UP_RECORDS))
        return self.compare(lambda: ours(count), lambda: peer(count), warm_up=False)

    def read(self, ours, peer=None):
        return self.compare(ours, peer, repeat=self.repeat * READ_REPEAT_FACTOR)

    @staticmethod
    def _figure(runs):
        times = [elapsed for elapsed, _count in runs]
        return Figure(
            ms=round(statistics.median(times), 2),
            queries=int(statistics.median(count for _elapsed, count in runs)),
            runs_ms=[round(elapsed, 2) for elapsed in times],
        )


# ------------------------------------------------------------
# Volume
# ------------------------------------------------------------

PARTNERS_SQL = """
INSERT INTO res_partner (
    name, complete_name, email, email_normalized, lang, active, type,
    is_company, partner_share, create_date, write_date, create_uid, write_uid)
SELECT 'Customer ' || i, 'Customer ' || i, 'customer' || i || '@bench.example.org',
       'customer' || i || '@bench.example.org', 'en_US', true, 'contact',
       false, true, %(now)s, %(now)s, %(uid)s, %(uid)s
  FROM generate_series(1, %(count)s) AS i
RETURNING id
"""

COMPLAINTS_SQL = """
INSERT INTO helpdesk_ticket (
    number, name, description, company_id, team_id, stage_id, unattended,
    user_id, partner_id, commercial_partner_id, partner_name, partner_email,
    category_id, complaint_kind, channel_id, priority, sequence, kanban_state,
    active, rating_status, is_complaint, complaint_ref,
    complaint_registered_date, complaint_deadline, complaint_reminder_date,
    complaint_reminder_sent, complaint_escalated, complaint_assessment,
    complaint_assessment_note, complaint_assessed_by_id, complaint_assessed_date,
    complaint_state, last_stage_update, create_date, write_date, create_uid,
    write_uid)
SELECT 'HT' || lpad(g.i::text, greatest(5, length(g.i::text)), '0'),
       'Complaint ' || g.i, %(description)s,
       %(company_id)s, %(team_id)s, stage.id, stage.unattended,
       g.agent_id, partner.id, partner.id, partner.name, partner.email,
       category.id, category.complaint_kind,
       (%(channel_ids)s::int[])[1 + g.i %% cardinality(%(channel_ids)s::int[])],
       '1', 10, 'normal', true, 'stage_change', true,
       -- lpad cuts longer strings: past 99,999 the number keeps its digits
       'CMP/' || to_char(g.registered, 'YYYY') || '/'
           || lpad(g.i::text, greatest(5, length(g.i::text)), '0'),
       g.registered, g.registered + interval '14 days',
       g.registered + interval '13 days', true, true, g.assessment,
       CASE WHEN g.assessment <> 'pending' THEN 'Checked with the store.' END,
       CASE WHEN g.assessment <> 'pending' THEN g.agent_id END,
       CASE WHEN g.assessment <> 'pending' THEN g.registered + interval '3 days' END,
       -- open stages only: registered, or assessed
       CASE WHEN g.assessment <> 'pending' THEN 'assessed' ELSE 'registered' END,
       g.registered, g.registered, g.registered, %(uid)s, %(uid)s
  FROM (SELECT i,
               %(now)s::timestamp - interval '35 days' - (i %% 365) * interval '1 day'
                   - (i %% 1439) * interval '1 minute' AS registered,
               (ARRAY['pending', 'justified', 'partially_justified',
                      'unjustified'])[1 + i %% 4] AS assessment,
               (%(agent_ids)s::int[])[1 + i %% cardinality(%(agent_ids)s::int[])]
                   AS agent_id,
               CASE WHEN i BETWEEN %(heavy_first)s AND %(heavy_last)s
                    THEN %(heavy_id)s
                    ELSE %(first_partner)s + (i::bigint * 7919) %% %(partner_count)s
               END AS partner_id
          FROM generate_series(%(start)s, %(stop)s) AS i) AS g
  JOIN res_partner partner ON partner.id = g.partner_id
  JOIN helpdesk_ticket_category category
    ON category.id = (%(category_ids)s::int[])[
        1 + g.i %% cardinality(%(category_ids)s::int[])]
  JOIN helpdesk_ticket_stage stage
    ON stage.id = (%(stage_ids)s::int[])[1 + g.i %% 2]
"""

# complaint_state of rows the bench changed by SQL, as
# HelpdeskTicket._get_complaint_state computes it from the same facts
COMPLAINT_STATE_SQL = """
UPDATE helpdesk_ticket ticket SET complaint_state = CASE
    WHEN NOT ticket.is_complaint THEN NULL
    WHEN stage.closed THEN coalesce(ticket.complaint_close_reason, 'closed')
    WHEN ticket.complaint_ref IS NULL THEN 'draft'
    WHEN ticket.complaint_response_sent_date IS NOT NULL THEN 'response_sent'
    WHEN ticket.complaint_response_signed_by_id IS NOT NULL THEN 'response_signed'
    WHEN ticket.complaint_assessment
         IN ('justified', 'partially_justified', 'unjustified') THEN 'assessed'
    ELSE 'registered' END
  FROM helpdesk_ticket_stage stage
 WHERE stage.id = ticket.stage_id AND ticket.id IN %(ids)s
"""

PLAIN_TICKETS_SQL = """
INSERT INTO helpdesk_ticket (
    number, name, description, company_id, team_id, stage_id, unattended,
    user_id, partner_id, commercial_partner_id, partner_name, partner_email,
    category_id, channel_id, priority, sequence, kanban_state, active,
    rating_status, is_complaint, complaint_assessment, last_stage_update,
    create_date, write_date, create_uid, write_uid)
SELECT 'HT' || lpad(i::text, greatest(5, length(i::text)), '0'),
       'Question ' || i, %(description)s,
       %(company_id)s, %(team_id)s, %(stage_id)s, true, NULL, partner.id,
       partner.id, partner.name, partner.email, %(category_id)s,
       %(channel_id)s, '1', 10, 'normal', true, 'stage_change', false,
       'pending', %(now)s, %(now)s, %(now)s, %(uid)s, %(uid)s
  FROM generate_series(%(start)s, %(stop)s) AS i
  JOIN res_partner partner
    ON partner.id = %(first_partner)s + (i::bigint * 104729) %% %(partner_count)s
"""

MESSAGES_SQL = """
INSERT INTO mail_message (
    model, res_id, record_name, record_company_id, message_type, subtype_id,
    author_id, subject, body, date, is_internal, reply_to_force_new,
    create_date, write_date, create_uid, write_uid)
SELECT 'helpdesk.ticket', t.id, t.number || ' - ' || t.name, t.company_id,
       'comment', %(ack_subtype_id)s, %(company_partner_id)s,
       'Your complaint ' || t.complaint_ref || ' has been registered',
       %(ack_body)s, t.complaint_registered_date + interval '1 minute', false,
       false, t.create_date, t.create_date, %(uid)s, %(uid)s
  FROM helpdesk_ticket t
 WHERE t.id > %(after_id)s AND t.is_complaint
 UNION ALL
SELECT 'helpdesk.ticket', t.id, t.number || ' - ' || t.name, t.company_id,
       'comment', %(comment_subtype_id)s, agent.partner_id, NULL, %(answer)s,
       t.complaint_assessed_date, false, false, t.complaint_assessed_date,
       t.complaint_assessed_date, agent.id, agent.id
  FROM helpdesk_ticket t
  JOIN res_users agent ON agent.id = t.user_id
 WHERE t.id > %(after_id)s AND t.is_complaint AND t.complaint_assessment <> 'pending'
"""

COMPENSATIONS_SQL = """
INSERT INTO complaint_compensation (
    ticket_id, partner_id, commercial_partner_id, company_id, category_id,
    compensation_type, amount, currency_id, description, state, active,
    requested_by_id, approver_id, approved_date, offered_date,
    customer_decision_date, create_date, write_date, create_uid, write_uid)
SELECT t.id, t.partner_id, t.commercial_partner_id, t.company_id, t.category_id,
       'refund', 10 + t.id %% 90, %(currency_id)s, 'A refund of the price paid.',
       'accepted', true, t.user_id, t.user_id,
       t.complaint_registered_date + interval '4 days',
       t.complaint_registered_date + interval '4 days',
       t.complaint_registered_date + interval '5 days',
       t.create_date, t.create_date, %(uid)s, %(uid)s
  FROM helpdesk_ticket t
 WHERE t.id > %(after_id)s AND t.is_complaint AND t.id %% 10 = 1
"""

PLANS_SQL = """
INSERT INTO complaint_corrective_action (
    name, action_type, user_id, company_id, state, date_deadline, done_date,
    on_time, overdue_notified, verified_by_id, verified_date,
    verification_verdict, create_date, write_date, create_uid, write_uid)
SELECT 'Remove the cause of ' || t.complaint_ref, 'corrective', t.user_id,
       t.company_id, 'verified',
       (t.complaint_registered_date + interval '30 days')::date,
       (t.complaint_registered_date + interval '20 days')::date, 100, false,
       %(uid)s, t.complaint_registered_date + interval '40 days', 'effective',
       t.create_date, t.create_date, %(uid)s, %(uid)s
  FROM helpdesk_ticket t
 WHERE t.id > %(after_id)s AND t.is_complaint AND t.id %% 10 = 5;
INSERT INTO complaint_corrective_action_ticket_rel (action_id, ticket_id)
SELECT plan.id, t.id
  FROM complaint_corrective_action plan
  JOIN helpdesk_ticket t ON plan.name = 'Remove the cause of ' || t.complaint_ref
 WHERE plan.id > %(after_plan_id)s AND t.id > %(after_id)s
"""


def settle(dbname, tables=()):
    """VACUUM (ANALYZE) the database (or ``tables``) once the volume is
    committed. Without it autovacuum processes the new rows during the
    measurements that follow, on the same two cores: the bare ticket's form
    read 1.4x slower at 100,000."""
    _db, info = odoo.sql_db.connection_info_for(dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
            # and write its pages now, not during the next measurements
            cr.execute("CHECKPOINT")
    finally:
        connection.close()


@dataclass
class Fixtures:
    """Ids of what the cases work with."""

    company_id: int = 0
    complaints_team_id: int = 0
    support_team_id: int = 0
    category_ids: list = field(default_factory=list)
    portal_category_id: int = 0
    plain_category_id: int = 0
    open_stage_ids: list = field(default_factory=list)
    done_stage_id: int = 0
    channel_ids: list = field(default_factory=list)
    agent_id: int = 0
    manager_id: int = 0
    load_agent_ids: list = field(default_factory=list)
    portal_logins: list = field(default_factory=list)
    load_agent_logins: list = field(default_factory=list)
    first_partner_id: int = 0
    partner_count: int = 0
    heavy_partner_id: int = 0
    heavy_count: int = 0
    form_complaint_id: int = 0
    plain_ticket_id: int = 0


def create_fixtures(env, args):
    """Teams, aliases, users, settings: what a configured desk has."""
    fx = Fixtures()
    company = env.ref("base.main_company")
    company.write(
        {
            "helpdesk_mgmt_portal_select_category": True,
            "email": "desk@bench.example.com",
        }
    )
    env["mail.alias.domain"].create({"name": "bench.example.com"})
    params = env["ir.config_parameter"]
    params.set_param("mail.mail.force.send.limit", "0")
    params.set_param("report.url", f"http://127.0.0.1:{args.assets_port}")
    params.set_param("web.base.url", f"http://127.0.0.1:{args.load_port}")
    params.set_param("web.base.url.freeze", "True")
    Category = env["helpdesk.ticket.category"]
    categories = Category.search(
        [("complaint_kind", "!=", False), ("child_id", "=", False)], order="id"
    )
    complaints_team = env.ref("complaint_management.helpdesk_team_complaints")
    fx.company_id = company.id
    fx.complaints_team_id = complaints_team.id
    fx.support_team_id = (
        env["helpdesk.ticket.team"]
        .create({"name": "Support", "alias_name": "support", "company_id": company.id})
        .id
    )
    fx.category_ids = categories.ids
    fx.portal_category_id = categories[0].id
    fx.plain_category_id = Category.create({"name": "How-to questions"}).id
    fx.open_stage_ids = [
        env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id,
        env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id,
    ]
    fx.done_stage_id = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id
    fx.channel_ids = [
        env.ref(f"helpdesk_mgmt.helpdesk_ticket_channel_{name}").id
        for name in ("email", "web", "phone")
    ]
    create_users(env, fx)
    complaints_team.write(
        {
            "user_ids": [(6, 0, fx.load_agent_ids + [fx.agent_id])],
            "user_id": fx.manager_id,
        }
    )
    env["complaint.approval.limit"].create(
        [
            {
                "group_id": env.ref(f"complaint_management.group_complaint_{group}").id,
                "amount": amount,
                "company_id": company.id,
            }
            for group, amount in (("user", 100), ("manager", 1000))
        ]
    )
    fx.heavy_partner_id = (
        env["res.partner"]
        .create({"name": "Heavy Customer", "email": "heavy@bench.example.org"})
        .id
    )
    return fx


def create_users(env, fx):
    Users = env["res.users"].with_context(no_reset_password=True)
    internal = env.ref("base.group_user")
    agent_group = env.ref("complaint_management.group_complaint_user")
    manager_group = env.ref("complaint_management.group_complaint_manager")

    def user(login, groups):
        return Users.create(
            {
                "name": login.replace("_", " ").title(),
                "login": login,
                "password": login,
                "email": f"{login}@bench.example.org",
                "groups_id": [(6, 0, groups.ids)],
            }
        )

    fx.agent_id = user("bench_agent", internal | agent_group).id
    fx.manager_id = env.ref("base.user_admin").id
    load_agents = [
        user(f"bench_load_agent_{n}", internal | manager_group)
        for n in range(1, LOAD_AGENTS + 1)
    ]
    fx.load_agent_ids = [agent.id for agent in load_agents]
    fx.load_agent_logins = [(agent.login, agent.login) for agent in load_agents]
    portal = env.ref("base.group_portal")
    fx.portal_logins = [
        (login, login)
        for login in (
            user(f"bench_portal_{n}", portal).login
            for n in range(1, PORTAL_CUSTOMERS + 1)
        )
    ]


BULK_INSERTS = (PARTNERS_SQL, COMPLAINTS_SQL, PLAIN_TICKETS_SQL, MESSAGES_SQL,
                COMPENSATIONS_SQL, PLANS_SQL)  # fmt: skip
INSERT_COLUMNS = re.compile(r"INSERT INTO (\w+) \(([^)]*)\)")


def check_columns(env):
    """The bulk SQL writes the ORM's own columns: each one it names is a
    stored field of the model behind the table (or a column of a
    many-to-many's table), so that a renamed field fails here, not halfway
    through a million rows."""
    models = {model._table: model for model in env.registry.values()}
    for statement in BULK_INSERTS:
        for table, columns in INSERT_COLUMNS.findall(statement):
            names = [name.strip() for name in columns.split(",")]
            if table not in models:
                relations = {
                    (field.relation, field.column1, field.column2)
                    for model in models.values()
                    for field in model._fields.values()
                    if field.type == "many2many" and field.store
                }
                if not any(
                    r[0] == table and set(names) <= set(r[1:]) for r in relations
                ):
                    raise RuntimeError(f"bulk SQL: no many-to-many table {table}")
                continue
            fields_ = models[table]._fields
            unknown = [
                name
                for name in names
                if name not in fields_ or not fields_[name].column_type
            ]
            if unknown:
                raise RuntimeError(f"bulk SQL: {table} has no column {unknown}")


class Volume:
    """Bulk generation of the background (see the module's docstring)."""

    def __init__(self, env, fx, target_size):
        self.env = env
        self.cr = env.cr
        self.fx = fx
        self.target_size = target_size
        self.size = 0
        check_columns(env)

    def _params(self, **values):
        return dict(now=fields.Datetime.now(), uid=SUPERUSER_ID, **values)

    def _max_id(self, table):
        self.cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: SQL
        return self.cr.fetchone()[0]

    def add_partners(self):
        count = max(START_SIZE, self.target_size // 3)
        self.cr.execute(PARTNERS_SQL, self._params(count=count))
        ids = sorted(row[0] for row in self.cr.fetchall())
        if ids[-1] - ids[0] + 1 != count:
            raise RuntimeError("generated customers do not have contiguous ids")
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id"
            " WHERE id BETWEEN %s AND %s",
            [ids[0], ids[-1]],
        )
        self.fx.first_partner_id, self.fx.partner_count = ids[0], count

    def add_plain_tickets(self):
        start = self.target_size + 1
        self.cr.execute(
            PLAIN_TICKETS_SQL,
            self._params(
                description=DESCRIPTION,
                company_id=self.fx.company_id,
                team_id=self.fx.support_team_id,
                stage_id=self.fx.open_stage_ids[0],
                category_id=self.fx.plain_category_id,
                channel_id=self.fx.channel_ids[0],
                start=start,
                stop=start + PLAIN_TICKETS - 1,
                first_partner=self.fx.first_partner_id,
                partner_count=self.fx.partner_count,
            ),
        )
        self.fx.plain_ticket_id = self._max_id("helpdesk_ticket")

    def grow(self, size, heavy=0):
        """Complaints number self.size + 1 to ``size``, the first ``heavy`` of
        them from the heavy customer, with their messages, compensations and
        plans."""
        after_id = self._max_id("helpdesk_ticket")
        after_plan_id = self._max_id("complaint_corrective_action")
        start = self.size + 1
        self.cr.execute(
            COMPLAINTS_SQL,
            self._params(
                description=DESCRIPTION,
                company_id=self.fx.company_id,
                team_id=self.fx.complaints_team_id,
                channel_ids=self.fx.channel_ids,
                agent_ids=self.fx.load_agent_ids,
                category_ids=self.fx.category_ids,
                stage_ids=self.fx.open_stage_ids,
                heavy_first=start,
                heavy_last=start + heavy - 1,
                heavy_id=self.fx.heavy_partner_id,
                first_partner=self.fx.first_partner_id,
                partner_count=self.fx.partner_count,
                start=start,
                stop=size,
            ),
        )
        self._add_history(after_id, after_plan_id)
        self.size = size
        self.fx.heavy_count += heavy
        self._move_sequences()
        self.env.invalidate_all()

    def _add_history(self, after_id, after_plan_id):
        company = self.env["res.company"].browse(self.fx.company_id)
        ref = self.env.ref
        self.cr.execute(
            MESSAGES_SQL,
            self._params(
                after_id=after_id,
                ack_subtype_id=ref("complaint_management.mt_complaint_acknowledged").id,
                comment_subtype_id=ref("mail.mt_comment").id,
                company_partner_id=company.partner_id.id,
                ack_body=DESCRIPTION,
                answer=ANSWER,
            ),
        )
        # the stamp the agents' answers earned, as the upgrade gives it
        self.env["helpdesk.ticket"]._complaint_backfill_first_response(after_id)
        self.cr.execute(
            COMPENSATIONS_SQL,
            self._params(after_id=after_id, currency_id=company.currency_id.id),
        )
        self.cr.execute(
            PLANS_SQL, self._params(after_id=after_id, after_plan_id=after_plan_id)
        )

    def _move_sequences(self):
        """New numbers (journal and ticket) come after the generated ones."""
        company = self.env["res.company"].browse(self.fx.company_id)
        helpdesk = self.env["ir.sequence"].search(
            [("code", "=", "helpdesk.ticket.sequence")]
        )
        for sequence, last in (
            (company._get_complaint_sequence(), self.size),
            (helpdesk, self.target_size + PLAIN_TICKETS),
        ):
            if sequence.number_next_actual <= last:
                sequence.number_next = last + 1


def prepare_form_complaint(env, fx):
    """A complaint as an agent opens it: compensations waiting for approval,
    action plans, a customer with a history."""
    Ticket = env["helpdesk.ticket"]
    complaint = Ticket.search(
        [("is_complaint", "=", True), ("compensation_ids", "!=", False)],
        order="id",
        limit=1,
    )
    agent = env["res.users"].browse(fx.agent_id)
    compensations = (
        env["complaint.compensation"]
        .with_user(agent)
        .create(
            [
                {"ticket_id": complaint.id, "compensation_type": kind, "amount": amount}
                for kind, amount in (("refund", 400), ("replacement", 600))
            ]
        )
    )
    compensations.action_submit()
    env["complaint.corrective.action"].create(
        [
            {
                "name": name,
                "ticket_ids": [(6, 0, complaint.ids)],
                "user_id": fx.manager_id,
            }
            for name in ("Check the kettles in stock", "Train the counter staff")
        ]
    )
    fx.form_complaint_id = complaint.id


# ------------------------------------------------------------
# Cases
# ------------------------------------------------------------


def intake_target(row):
    extra = (row.ours.queries - row.peer.queries) / row.records
    row.target = "<= 1.3x peer, <= +10 queries per complaint"
    row.met = row.ratio <= 1.3 and extra <= 10
    row.detail["extra_queries_per_complaint"] = round(extra, 2)
    return row


class Cases:
    def __init__(self, env, fx, meter, args):
        self.env = env
        self.fx = fx
        self.meter = meter
        self.args = args
        self.agent = env["res.users"].browse(fx.agent_id)
        self.rows = []
        self.explain = {}
        self.specs = self._view_specs()

    def add(self, row):
        self.rows.append(row)
        print_row(row)
        return row

    # -- 1. agent intake ------------------------------------------

    def acknowledgement(self):
        """Subject and body of our acknowledgement, for the peer to send."""
        complaint = self.env["helpdesk.ticket"].create(self._intake_vals(0, True))
        complaint.action_complaint_register()
        message = complaint.message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("complaint_management.mt_complaint_acknowledged")
        )
        text = {"subject": message.subject, "body": message.body}
        self.env.cr.rollback()
        self.env.invalidate_all()
        return text

    def _intake_vals(self, index, complaint):
        fx = self.fx
        category = fx.category_ids[index % len(fx.category_ids)]
        return {
            "name": f"Kettle stopped working ({index})",
            "description": DESCRIPTION,
            "partner_id": fx.first_partner_id + index,
            "team_id": fx.support_team_id,
            "category_id": category if complaint else fx.plain_category_id,
            "channel_id": fx.channel_ids[2],
        }

    def agent_intake(self, ack):
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)

        def ours(count):
            for index in range(count):
                Ticket.create(
                    self._intake_vals(index, True)
                ).action_complaint_register()
                Ticket.env.flush_all()

        def peer(count):
            for index in range(count):
                ticket = Ticket.create(self._intake_vals(index, False))
                ticket.message_post(
                    partner_ids=ticket.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    **ack,
                )
                Ticket.env.flush_all()

        ours_fig, peer_fig = self.meter.compare_batches(ours, peer, AGENT_INTAKE)
        row = Row("1. agent intake, 500", ours_fig, peer_fig, records=AGENT_INTAKE)
        return self.add(intake_target(row))

    # -- 2. e-mail intake -----------------------------------------

    def mail_intake(self, ack):
        Thread = self.env["mail.thread"].with_context(fetchmail_cron_running=True)
        Ticket = self.env["helpdesk.ticket"]
        partners = self.env["res.partner"].browse(
            range(
                self.fx.first_partner_id + AGENT_INTAKE,
                self.fx.first_partner_id + AGENT_INTAKE + MAIL_INTAKE,
            )
        )
        senders = [(p.name, p.email) for p in partners]
        created = {}

        def receive(alias, answer):
            def operation(count):
                tickets = Ticket
                for name, email in senders[:count]:
                    message = MAIL.format(
                        sender=email,
                        name=name,
                        to=f"{alias}@bench.example.com",
                        subject="Kettle stopped working",
                        message_id=uuid.uuid4().hex,
                    )
                    ticket = Ticket.browse(Thread.message_process(None, message))
                    if answer:
                        ticket.message_post(
                            partner_ids=ticket.partner_id.ids,
                            message_type="comment",
                            subtype_xmlid="mail.mt_comment",
                            **ack,
                        )
                    self.env.flush_all()
                    tickets |= ticket
                created[alias] = (len(tickets), len(tickets.filtered("complaint_ref")))

            return operation

        ours_fig, peer_fig = self.meter.compare_batches(
            receive("complaints", False), receive("support", True), MAIL_INTAKE
        )
        row = Row("2. e-mail intake, 300", ours_fig, peer_fig, records=MAIL_INTAKE)
        row.detail["tickets_and_registered"] = created
        if created["complaints"] != (MAIL_INTAKE, MAIL_INTAKE):
            raise RuntimeError(f"e-mail intake did not register complaints: {created}")
        return self.add(intake_target(row))

    # -- 3. list and form -----------------------------------------

    def _view_specs(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        journal = self.env.ref(
            "complaint_management.helpdesk_ticket_view_list_complaint_journal"
        )
        ours = bench_load.specs_from_views(
            Ticket.get_views([(journal.id, "list"), (False, "form")])
        )
        descriptions = {
            "helpdesk.ticket": Ticket.fields_get(attributes=["type", "relation"])
        }
        peer = {
            view_type: bench_load.view_spec(
                etree.fromstring(self.env.ref(xmlid).arch_db),
                descriptions,
                "helpdesk.ticket",
            )
            for view_type, xmlid in (
                ("list", "helpdesk_mgmt.ticket_view_tree"),
                ("form", "helpdesk_mgmt.ticket_view_form"),
            )
        }
        peer["form"]["display_name"] = {}
        return {"ours": ours, "peer": peer, "card": self._card_spec()}

    def _card_spec(self):
        Partner = self.env["res.partner"].with_user(self.agent)
        views = Partner.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        page = arch.xpath("//page[@name='complaints']")[0]
        descriptions = {
            model: description["fields"]
            for model, description in views["models"].items()
        }
        return bench_load.view_spec(page, descriptions, "res.partner")

    def list_read(self, limit):
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        spec = self.specs["ours"]["list"]
        return lambda: Ticket.with_context(active_test=False).web_search_read(
            [("complaint_ref", "!=", False)],
            spec,
            limit=limit,
            order="complaint_ref",
            count_limit=10001,
        )

    def peer_list_read(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        spec = self.specs["peer"]["list"]
        return lambda: Ticket.web_search_read(
            [("team_id", "=", self.fx.support_team_id)],
            spec,
            limit=LIST_LIMIT,
            count_limit=10001,
        )

    def list_and_form(self, size):
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        complaint = Ticket.browse(self.fx.form_complaint_id)
        plain = Ticket.browse(self.fx.plain_ticket_id)
        label = f"{size:,}"
        ours, peer = self.meter.read(self.list_read(LIST_LIMIT), self.peer_list_read())
        few, _none = self.meter.read(self.list_read(LIST_LIMIT // 4))
        # the web client counts up to 10,001 rows: at 1,000 it counts 1,000
        counted, _none = self.meter.read(
            lambda: Ticket.with_context(active_test=False).search_count(
                [("complaint_ref", "!=", False)], limit=10001
            )
        )
        lst = self.add(Row(f"3. list of 80 at {label}", ours, peer, records=LIST_LIMIT))
        lst.detail["queries_for_20_rows"] = few.queries
        lst.detail["count_up_to_10001_ms"] = counted.ms
        ours, peer = self.meter.read(
            lambda: complaint.web_read(self.specs["ours"]["form"]),
            lambda: plain.web_read(self.specs["peer"]["form"]),
        )
        form = self.add(Row(f"3. form at {label}", ours, peer))
        return lst, form

    def growth(self, small, large, size):
        """List and form at N against the same at 1,000."""
        for name, before, after in (
            ("list", small[0], large[0]),
            ("form", small[1], large[1]),
        ):
            row = Row(
                f"3. {name}: {size:,} vs 1,000",
                after.ours,
                before.ours,
                records=after.records,
            )
            row.target = "<= 1.2x, queries independent of rows and volume"
            same_rows = all(
                r.detail.get("queries_for_20_rows", r.ours.queries) == r.ours.queries
                for r in (before, after)
            )
            row.met = (
                row.ratio <= 1.2
                and after.ours.queries == before.ours.queries
                and same_rows
            )
            self.add(row)

    # -- 4. customer card -----------------------------------------

    def customer_card(self):
        Partner = self.env["res.partner"].with_user(self.agent)
        figures = {
            name: spec
            for name, spec in self.specs["card"].items()
            if not name.endswith("_ids")
        }
        peer_spec = {
            "helpdesk_ticket_count": {},
            "helpdesk_ticket_active_count": {},
            "helpdesk_ticket_count_string": {},
        }
        ids = list(
            range(self.fx.first_partner_id, self.fx.first_partner_id + CARD_PARTNERS)
        )

        def card_list(spec, count):
            return lambda: Partner.web_search_read(
                [("id", "in", ids[:count])], spec, limit=count
            )

        ours, peer = self.meter.read(
            card_list(figures, CARD_PARTNERS), card_list(peer_spec, CARD_PARTNERS)
        )
        one, _none = self.meter.read(card_list(figures, 1))
        row = Row("4. card figures, 80 customers", ours, peer, records=CARD_PARTNERS)
        row.target = "same queries for 1 and 80 customers"
        row.met = one.queries == ours.queries
        row.detail["queries_for_1_customer"] = one.queries
        self.add(row)
        heavy = Partner.browse(self.fx.heavy_partner_id)
        for label, spec in (
            ("figures", figures),
            ("page with its lists", self.specs["card"]),
        ):
            ours, peer = self.meter.read(
                lambda spec=spec: heavy.web_read(spec),
                lambda: heavy.web_read(peer_spec),
            )
            row = Row(
                f"4. card {label}, {self.fx.heavy_count:,} complaints", ours, peer
            )
            row.target = "< 50 ms"
            row.met = ours.ms < 50
            self.add(row)

    # -- 5. scheduled actions -------------------------------------

    def crons(self):
        """{name: (figure, main query, prepare, table)} at the current volume.

        The same 100 complaints (every tenth of the first 1,000) and the same
        100 plans are due at both volumes: only the background grows."""
        cr = self.env.cr
        cr.execute(
            "SELECT id FROM helpdesk_ticket WHERE is_complaint ORDER BY id LIMIT %s",
            [START_SIZE],
        )
        due_tickets = tuple(row[0] for row in cr.fetchall()[:: START_SIZE // DUE])
        cr.execute(
            "SELECT id FROM complaint_corrective_action ORDER BY id LIMIT %s", [DUE]
        )
        due_plans = tuple(row[0] for row in cr.fetchall())
        results = {}
        for cron in scheduled_actions(self.env, self.fx):
            ids = (
                due_plans
                if cron.table == "complaint_corrective_action"
                else due_tickets
            )
            results[cron.name] = self._measure_cron(cron, ids[: cron.due])
        return results

    def _measure_cron(self, cron, ids):
        cr = self.env.cr

        def prepare():
            cr.execute(cron.make_due, {"ids": ids, "now": fields.Datetime.now()})
            if cron.table == "helpdesk_ticket":
                cr.execute(COMPLAINT_STATE_SQL, {"ids": ids})

        processed = []

        def run():
            cron.run()
            self.env.flush_all()
            cr.execute(cron.processed, {"ids": ids})
            processed.append(cr.fetchone()[0])

        with recorded_queries(cr) as queries:  # also warms the caches up
            self.meter.run_once(run, prepare)
        main = next(q for q in queries if is_main_query(q, cron.table))
        figure, _none = self.meter.compare(run, prepare=prepare, warm_up=False)
        if set(processed) != {len(ids)}:
            raise RuntimeError(f"{cron.name}: processed {processed}, not {len(ids)}")
        return figure, main, prepare, cron.table, len(ids)

    def explain_crons(self, measured):
        cr = self.env.cr
        for name, (_figure, main, prepare, table, _due) in measured.items():
            prepare()
            cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {main}")  # noqa: SQL
            plan = [row[0] for row in cr.fetchall()]
            cr.rollback()
            self.explain[name] = {
                "query": main,
                "plan": plan,
                "index_scan": uses_index(plan, table),
            }

    def cron_rows(self, small, large, size):
        for name in large:
            due = large[name][4]
            row = Row(
                f"5. {name}, {due} due: {size:,} vs 1,000",
                large[name][0],
                small[name][0],
                records=due,
            )
            row.target = "<= 2x, same queries, index scan"
            row.met = (
                row.ratio <= 2
                and row.ours.queries == row.peer.queries
                and self.explain[name]["index_scan"]
            )
            self.add(row)

    def recurring_window(self):
        """The recurring-problem search costs what is new since its last run:
        10 new complaints, among 300 then 3,000 of the last 30 days that an
        earlier run already clustered. That earlier run is committed and the
        tables vacuumed, as on a desk where it ran hours ago: 3,000 rows
        rewritten in the measured transaction would cost their dead versions,
        which a real run never meets. Last of the in-process cases, as the
        clusters stay."""
        cr = self.env.cr
        Problem = self.env["complaint.recurring.problem"]
        cr.execute(
            "SELECT id FROM helpdesk_ticket WHERE is_complaint ORDER BY id DESC"
            " LIMIT %s",
            [WINDOW_LARGE + WINDOW_NEW],
        )
        ids = [row[0] for row in cr.fetchall()]
        new = tuple(ids[:WINDOW_NEW])

        def earlier_run(window):
            cr.execute(
                """UPDATE helpdesk_ticket SET complaint_recurring_pending = true,
                       complaint_registered_date =
                           %(now)s - (1 + id %% 28) * interval '1 day'
                 WHERE id IN %(window)s""",
                {"window": tuple(ids[WINDOW_NEW : WINDOW_NEW + window]),
                 "now": fields.Datetime.now()},
            )  # fmt: skip
            Problem._cron_detect_recurring_problems(batch_size=1000)
            self.env.flush_all()
            cr.commit()
            settle(
                cr.dbname,
                (
                    "helpdesk_ticket",
                    "complaint_recurring_problem",
                    "complaint_recurring_problem_ticket_rel",
                ),
            )

        def prepare():
            cr.execute(
                """UPDATE helpdesk_ticket SET complaint_recurring_pending = true,
                       complaint_registered_date = %(now)s - interval '1 hour'
                 WHERE id IN %(new)s""",
                {"new": new, "now": fields.Datetime.now()},
            )
            self.env.invalidate_all()

        def run():
            Problem._cron_detect_recurring_problems()
            self.env.flush_all()

        earlier_run(WINDOW_SMALL)
        small, _none = self.meter.compare(run, prepare=prepare)
        earlier_run(WINDOW_LARGE)
        large, _none = self.meter.compare(run, prepare=prepare)
        row = Row(
            f"5. recurring problems, {WINDOW_NEW} new: window of "
            f"{WINDOW_LARGE:,} vs {WINDOW_SMALL:,}",
            large,
            small,
            records=WINDOW_NEW,
        )
        row.target = "<= 1.5x, same queries"
        row.met = row.ratio <= 1.5 and large.queries == small.queries
        cr.execute(
            "SELECT COUNT(*) FROM helpdesk_ticket WHERE complaint_recurring_pending"
        )
        row.detail["pending_after"] = cr.fetchone()[0]
        self.add(row)

    # -- 6. reports ------------------------------------------------

    def reports(self):
        date_from, date_to, count = self._journal_period()
        for xmlid, first_day, label, limit_ms in (
            ("journal", date_from, f"journal PDF, {count:,}", 15000),
            ("summary", self._first_registration(), "summary PDF, all", 3000),
        ):
            row = Row(f"6. {label}", self._render_report(xmlid, first_day, date_to))
            row.target = f"< {limit_ms / 1000:g} s"
            row.met = row.ours.ms < limit_ms
            self.add(row)

    def _render_report(self, xmlid, date_from, date_to):
        """The PDF a manager prints from the report wizard, with its CSS."""
        manager = self.env["res.users"].browse(self.fx.manager_id)
        Wizard = self.env["complaint.report.wizard"].with_user(manager)
        report = self.env.ref(f"complaint_management.action_report_complaint_{xmlid}")
        wizard = Wizard.browse()

        def prepare():
            nonlocal wizard
            wizard = Wizard.create({"date_from": date_from, "date_to": date_to})

        def render():
            report.with_user(manager)._render_qweb_pdf(report.report_name, wizard.ids)

        figure, _none = self.meter.compare(render, prepare=prepare)
        return figure

    def _journal_period(self):
        """The last days holding at least 1,000 complaints."""
        self.env.cr.execute(
            """SELECT complaint_registered_date::date, COUNT(*)
                 FROM helpdesk_ticket WHERE complaint_ref IS NOT NULL
             GROUP BY 1 ORDER BY 1 DESC"""
        )
        days = self.env.cr.fetchall()
        totals = list(itertools.accumulate(count for _day, count in days))
        index = next(
            (i for i, total in enumerate(totals) if total >= START_SIZE), len(days) - 1
        )
        return days[index][0], days[0][0], totals[index]

    def _first_registration(self):
        self.env.cr.execute(
            "SELECT MIN(complaint_registered_date)::date FROM helpdesk_ticket"
        )
        return self.env.cr.fetchone()[0]


# ------------------------------------------------------------
# Scheduled actions: making 100 due, running, checking
# ------------------------------------------------------------


@dataclass
class ScheduledAction:
    name: str
    run: object
    table: str
    make_due: str
    processed: str
    # the letters' action renders a PDF each: one batch of it is measured
    due: int = DUE


def scheduled_actions(env, fx):
    Ticket = env["helpdesk.ticket"]
    return [
        ScheduledAction(
            "deadline reminder",
            Ticket._cron_complaint_deadline_reminder,
            "helpdesk_ticket",
            """UPDATE helpdesk_ticket SET complaint_reminder_sent = false,
                   complaint_reminder_date = %(now)s - interval '1 hour',
                   complaint_deadline = %(now)s + interval '1 day'
             WHERE id IN %(ids)s""",
            "SELECT COUNT(*) FROM helpdesk_ticket WHERE id IN %(ids)s"
            " AND complaint_reminder_sent",
        ),
        ScheduledAction(
            "escalation",
            Ticket._cron_complaint_escalate_overdue,
            "helpdesk_ticket",
            """UPDATE helpdesk_ticket SET complaint_escalated = false,
                   complaint_deadline = %(now)s - interval '1 day'
             WHERE id IN %(ids)s""",
            "SELECT COUNT(*) FROM helpdesk_ticket WHERE id IN %(ids)s"
            " AND complaint_escalated",
        ),
        ScheduledAction(
            "satisfaction follow-up",
            Ticket._cron_complaint_satisfaction_followup,
            "helpdesk_ticket",
            f"""UPDATE helpdesk_ticket SET stage_id = {int(fx.done_stage_id)},
                   closed_date = %(now)s - interval '30 hours',
                   complaint_assessment = 'justified',
                   complaint_response_sent_date = %(now)s - interval '31 hours',
                   complaint_followup_sent_date = NULL
             WHERE id IN %(ids)s""",
            "SELECT COUNT(*) FROM helpdesk_ticket WHERE id IN %(ids)s"
            " AND complaint_followup_sent_date IS NOT NULL",
        ),
        ScheduledAction(
            "response letters",
            partial(Ticket._cron_complaint_send_letters, batch_size=20),
            "helpdesk_ticket",
            f"""UPDATE helpdesk_ticket SET
                   complaint_response = '<p>We checked, and you are right.</p>',
                   complaint_response_signed_by_id = {int(fx.manager_id)},
                   complaint_response_signed_date = %(now)s,
                   complaint_response_sent_date = %(now)s,
                   complaint_response_sent_by_id = {int(fx.agent_id)},
                   complaint_response_letter_queued_date = %(now)s
             WHERE id IN %(ids)s;
             DELETE FROM ir_attachment
              WHERE res_model = 'helpdesk.ticket' AND res_id IN %(ids)s""",
            "SELECT COUNT(*) FROM helpdesk_ticket WHERE id IN %(ids)s"
            " AND complaint_response_letter_queued_date IS NULL",
            due=20,
        ),
        ScheduledAction(
            "recurring problems",
            env["complaint.recurring.problem"]._cron_detect_recurring_problems,
            "helpdesk_ticket",
            # registered two days ago: new to the search (what the ORM's
            # compute of complaint_recurring_pending records)
            """UPDATE helpdesk_ticket
                  SET complaint_registered_date = %(now)s - interval '2 days',
                      complaint_recurring_pending = true
             WHERE id IN %(ids)s""",
            "SELECT COUNT(*) FROM helpdesk_ticket WHERE id IN %(ids)s"
            " AND complaint_recurring",
        ),
        ScheduledAction(
            "overdue plans",
            env["complaint.corrective.action"]._cron_notify_overdue_plans,
            "complaint_corrective_action",
            """UPDATE complaint_corrective_action SET state = 'open',
                   date_deadline = %(now)s::date - 3, overdue_notified = false
             WHERE id IN %(ids)s""",
            "SELECT COUNT(*) FROM complaint_corrective_action WHERE id IN %(ids)s"
            " AND overdue_notified",
        ),
    ]


@contextmanager
def recorded_queries(cr):
    """The SQL (with its parameters) that ``cr`` runs, as Odoo's
    assertQueries records it."""
    queries = []
    execute = Cursor.execute

    def recording(self, query, params=None, log_exceptions=True):
        if self is cr:
            queries.append(cr.mogrify(query, params).decode())
        return execute(self, query, params, log_exceptions)

    with patch("odoo.sql_db.Cursor.execute", recording):
        yield queries


def is_main_query(query, table):
    """The first search of the scheduled action's own table."""
    return query.lstrip().upper().startswith("SELECT") and f'FROM "{table}"' in query


def uses_index(plan, table):
    text = "\n".join(plan)
    return "Index" in text and not re.search(rf"Seq Scan on {table}\b", text)


# ------------------------------------------------------------
# Output
# ------------------------------------------------------------

COLUMNS = "{:<44} {:>10} {:>10} {:>6} {:>8} {:>8}  {:<44} {}"


def print_header():
    print(
        COLUMNS.format(
            "case",
            "ours ms",
            "peer ms",
            "ratio",
            "q/rec",
            "peer q/r",
            "target",
            "result",
        )
    )


def print_row(row):
    peer = row.peer
    print(
        COLUMNS.format(
            row.case,
            f"{row.ours.ms:.1f}",
            f"{peer.ms:.1f}" if peer else "-",
            f"{row.ratio:.2f}" if row.ratio is not None else "-",
            per_record(row.ours, row.records),
            per_record(peer, row.records),
            row.target,
            {True: "met", False: "MISSED", None: ""}[row.met],
        ),
        flush=True,
    )


def per_record(figure, records):
    if not figure or figure.queries is None:
        return "-"
    return f"{figure.queries / records:.2f}"


def print_explain(explain):
    print("\nEXPLAIN of each scheduled action's main query at full volume:")
    for name, result in explain.items():
        verdict = "index scan" if result["index_scan"] else "NO INDEX SCAN"
        print(f"  {name:<24} {verdict}: {result['plan'][0].strip()}")


def load_rows(load):
    rows = []
    for kind, figures in load["kinds"].items():
        row = Row(
            f"7. load: {kind} ({figures['requests']} req)",
            Figure(ms=figures["p95_ms"], queries=None),
            Figure(ms=figures["p50_ms"], queries=None),
        )
        row.detail = figures
        if kind in ("portal_form", "portal_submit", "agent_form"):
            row.target = "p95 < 1 s (ours = p95, peer = p50)"
            row.met = figures["p95_ms"] < 1000
        rows.append(row)
    return rows


def print_load(load, rows):
    print(
        f"\nLoad: {load['people']['portal']} portal customers and "
        f"{load['people']['agents']} agents for {load['seconds']} s, "
        f"think time {load['think_seconds']} s: {load['requests']} requests, "
        f"{load['requests_per_second']} req/s, {load['server_errors']} 5xx"
    )
    print_header()
    for row in rows:
        print_row(row)
    filed = load["filed"]
    print(
        f"Filed {filed['filed']}, found {filed['found']}, missing {filed['missing']}, "
        f"filed twice {filed['filed_twice']}, unregistered {filed['unregistered']}, "
        f"duplicate numbers {filed['duplicate_numbers']}"
    )
    letters = load["letters"]
    print(
        f"Response letters: {letters['sent']} sent, {letters['pending']} still "
        f"queued {letters['drain_seconds']} s after the load"
    )


def load_verdicts(load):
    filed = load["filed"]
    intact = not (
        filed["missing"]
        or filed["filed_twice"]
        or filed["unregistered"]
        or filed["duplicate_numbers"]
    )
    return {
        "no 5xx": load["server_errors"] == 0,
        "every complaint filed present once with its own number": intact
        and filed["filed"] > 0,
        "every response letter sent": load["letters"]["pending"] == 0,
    }


def machine(env):
    env.cr.execute("SHOW server_version")
    return {
        "load_average": os.getloadavg(),
        "cores": os.cpu_count(),
        "postgresql": env.cr.fetchone()[0],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# ------------------------------------------------------------
# Serving Odoo
# ------------------------------------------------------------


@contextmanager
def assets_server(port):
    """This process serves HTTP on ``port``, for wkhtmltopdf's CSS requests."""
    # read the addons' manifests now: parsed by concurrent request threads,
    # Python 3.11's ast may fail ("AST constructor recursion depth mismatch")
    odoo.http.root.statics  # noqa: B018
    server = werkzeug.serving.make_server(
        "127.0.0.1", port, odoo.http.root, threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join()


@contextmanager
def served_odoo(args):
    """Odoo with two workers on loopback, its gevent process on the assets
    port, and one cron worker: it renders the response letters."""
    odoo_bin = Path(odoo.__file__).resolve().parents[1] / "odoo-bin"
    log = Path(tempfile.gettempdir()) / f"{args.database}-server.log"
    log.unlink(missing_ok=True)
    print(f"\nServing Odoo on port {args.load_port} for the load (log: {log})")
    command = [
        sys.executable, str(odoo_bin), "-c", args.config, "-d", args.database,
        "--workers", "2", "--max-cron-threads", "1",
        "--http-interface", "127.0.0.1", "--http-port", str(args.load_port),
        "--gevent-port", str(args.assets_port), "--limit-time-real", "600",
        "--log-level", "warn", "--logfile", str(log),
    ]  # fmt: skip
    process = subprocess.Popen(command)
    url = f"http://127.0.0.1:{args.load_port}"
    try:
        wait_for(url + "/web/login", process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(url, process, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the served Odoo stopped (exit code {process.returncode})"
            )
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"the served Odoo did not answer {url} in {seconds} s")


# ------------------------------------------------------------
# The run
# ------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True)
    parser.add_argument(
        "--complaints",
        type=int,
        default=100000,
        help="background volume (default 100,000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="measured runs per case (reads: five times as many)",
    )
    parser.add_argument("--output", default="bench-results.json")
    parser.add_argument("--load-seconds", type=float, default=180)
    parser.add_argument(
        "--think-seconds",
        type=float,
        default=3.0,
        help="pause of each simulated person between two steps",
    )
    parser.add_argument("--load-port", type=int, default=8269)
    parser.add_argument("--assets-port", type=int, default=8270)
    args = parser.parse_args()
    if args.complaints < 2 * START_SIZE:
        parser.error(f"--complaints must be at least {2 * START_SIZE}")
    return args


def start_odoo(args):
    odoo.tools.config.parse_config(
        [
            "-c", args.config, "-d", args.database, "--log-level", "warn",
            "--log-handler", "odoo.addons.base.models.ir_actions_report:ERROR",
        ]
    )  # fmt: skip
    odoo.service.server.load_server_wide_modules()
    return Registry(args.database)


def measure_in_process(registry, args):
    """Cases 1 to 6; returns what the report and the load need."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        fx = create_fixtures(env, args)
        volume = Volume(env, fx, args.complaints)
        volume.add_partners()
        volume.add_plain_tickets()
        volume.grow(START_SIZE)
        prepare_form_complaint(env, fx)
        cr.commit()
        settle(cr.dbname)
        cases = Cases(env, fx, Meter(env, args.repeat), args)
        print_header()
        small_views = cases.list_and_form(START_SIZE)
        small_crons = cases.crons()
        heavy = min(HEAVY_COMPLAINTS, (args.complaints - START_SIZE) // 2)
        volume.grow(args.complaints, heavy=heavy)
        cr.commit()
        settle(cr.dbname)
        large_views = cases.list_and_form(args.complaints)
        cases.growth(small_views, large_views, args.complaints)
        large_crons = cases.crons()
        cases.explain_crons(large_crons)
        cases.cron_rows(small_crons, large_crons, args.complaints)
        cases.customer_card()
        with assets_server(args.assets_port):
            cases.reports()
        ack = cases.acknowledgement()
        cases.agent_intake(ack)
        cases.mail_intake(ack)
        cases.recurring_window()
        print_explain(cases.explain)
        return fx, cases, machine(env)


def main():
    args = parse_args()
    started = time.monotonic()
    registry = start_odoo(args)
    fx, cases, machine_info = measure_in_process(registry, args)
    with served_odoo(args) as url:
        load = bench_load.run_load(
            url, args.database, fx.portal_logins, fx.load_agent_logins,
            fx.portal_category_id, fx.done_stage_id, args.load_seconds,
            args.think_seconds,
        )  # fmt: skip
    rows = load_rows(load)
    print_load(load, rows)
    verdicts = {row.case: row.met for row in cases.rows + rows if row.met is not None}
    verdicts.update(load_verdicts(load))
    missed = [name for name, met in verdicts.items() if not met]
    print(f"\nTargets: {len(verdicts) - len(missed)} met, {len(missed)} missed")
    for name in missed:
        print(f"  missed: {name}")
    results = {
        "machine": machine_info,
        "arguments": vars(args),
        "volume": {
            "complaints": args.complaints,
            "plain_tickets": PLAIN_TICKETS,
            "customers": fx.partner_count,
            "heavy_customer_complaints": fx.heavy_count,
        },
        "rows": [asdict(row) | {"ratio": row.ratio} for row in cases.rows + rows],
        "explain": cases.explain,
        "load": load,
        "targets": verdicts,
        "seconds": round(time.monotonic() - started),
    }
    Path(args.output).write_text(json.dumps(results, indent=2, default=str))
    print(f"Figures written to {args.output} in {results['seconds']} s")


if __name__ == "__main__":
    main()
