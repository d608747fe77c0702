"""Two HTTP servers and two cron servers on one database (`make bench-cluster`).

Run by scripts/bench_cluster.sh on a fresh database of its own (the addon, no
demo data), with one shared filestore (data_dir, where Odoo also keeps its
sessions):

- HTTP servers A and B: separate processes, ``--workers 2`` each, their own
  ports, ``--max-cron-threads 0``;
- cron servers C and D: ``--no-http``, ``--max-cron-threads 2`` each, racing
  for the same jobs; every scheduled action of the addon and Odoo's mail queue
  run every minute, and follow-ups are due as soon as a complaint is closed;
- outgoing mail goes to an SMTP sink served by this script, which counts what
  it receives.

The bounded load of `make bench` (scripts/bench_load.py: portal customers
filing complaints, agents assessing, compensating, signing and sending the
response, closing) runs against both HTTP servers: each person's requests go
to A and B in turn with one session cookie, as a proxy without sticky sessions
sends them. After the load the script waits until the cron servers have sent
every letter, follow-up and queued mail, then asserts:

- no 5xx;
- every complaint filed exists once, registered, with a unique number;
- every acknowledgement, response letter and follow-up went out exactly once:
  one chatter message and one mail.mail per complaint and kind, and one e-mail
  received by the SMTP sink;
- no letter left queued, no mail left unsent;
- no scheduled action failed with an error other than a serialization failure
  (which the cron retries): the four servers' logs are scanned.

Then the letters job: ``--letters`` responses are released at once; as soon as
one cron server has committed a first batch of them, it is killed (SIGKILL, its
whole process group) in the middle of the job, and the other must finish: each
letter rendered, posted and mailed exactly once, none left queued.

The figures are printed and written as JSON (``--output``) and Markdown (the
same name, .md).
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from contextlib import contextmanager
from email import message_from_bytes
from pathlib import Path
from types import SimpleNamespace

import odoo
from odoo import SUPERUSER_ID, api, fields

with warnings.catch_warnings():
    # Python 3.11's own SMTP server, enough for a sink (deprecated, no package)
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore
    import smtpd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import bench_load  # noqa: E402

LETTERS_JOB = "complaint_management.ir_cron_complaint_send_letters"
# the jobs the cron servers race for, every minute
RACED_JOBS = (
    "complaint_management.ir_cron_complaint_send_letters",
    "complaint_management.ir_cron_complaint_deadline_reminder",
    "complaint_management.ir_cron_complaint_escalate_overdue",
    "complaint_management.ir_cron_complaint_satisfaction_followup",
    "complaint_management.ir_cron_complaint_recurring_problems",
    "complaint_management.ir_cron_complaint_overdue_plans",
    "mail.ir_cron_mail_scheduler_action",
)
# each kind of message to the customer by its subject (English customers)
KINDS = {
    "acknowledgement": "Your complaint {ref} has been registered",
    "letter": "Our answer to your complaint {ref}",
    "follow-up": "Are you satisfied with how we handled your complaint {ref}?",
}
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (\d+) (\w+) ")
SERIALIZATION = ("could not serialize access", "SerializationFailure")


# ------------------------------------------------------------
# The SMTP sink
# ------------------------------------------------------------


class Sink(smtpd.SMTPServer):
    """Accepts every message and counts them by (recipient, subject)."""

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), None, decode_data=False)
        self.lock = threading.Lock()
        self.received = Counter()

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        subject = str(message_from_bytes(data).get("Subject", ""))
        with self.lock:
            for rcpt in rcpttos:
                self.received[rcpt.lower(), " ".join(subject.split())] += 1


@contextmanager
def smtp_sink(port):
    sink = Sink(port)
    thread = threading.Thread(
        target=asyncore.loop, kwargs={"timeout": 0.2}, daemon=True
    )
    thread.start()
    try:
        yield sink
    finally:
        sink.close()


# ------------------------------------------------------------
# The servers
# ------------------------------------------------------------


class Server:
    def __init__(self, name, command, log):
        self.name, self.command, self.log = name, command, log
        self.process = None

    def start(self):
        self.log.unlink(missing_ok=True)
        # its own process group: a kill takes its workers and wkhtmltopdf along
        self.process = subprocess.Popen(self.command, start_new_session=True)

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass

    def alive(self):
        return self.process.poll() is None

    def log_text(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def servers(args):
    odoo_bin = Path(odoo.__file__).resolve().parents[1] / "odoo-bin"
    base = [sys.executable, str(odoo_bin), "-c", args.config, "-d", args.database]
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    result = {}
    for name, port, gevent in zip(
        "AB", args.http_ports, args.gevent_ports, strict=False
    ):
        log = logs / f"{args.database}-http-{name}.log"
        result[name] = Server(
            f"http {name}",
            base + [
                "--workers", "2", "--max-cron-threads", "0",
                "--http-interface", "127.0.0.1", "--http-port", str(port),
                "--gevent-port", str(gevent), "--limit-time-real", "600",
                "--log-level", "warn", "--logfile", str(log),
            ],
            log,
        )  # fmt: skip
    for name in "CD":
        log = logs / f"{args.database}-cron-{name}.log"
        result[name] = Server(
            f"cron {name}",
            base + [
                "--workers", "0", "--no-http", "--max-cron-threads", "2",
                "--log-level", "info", "--logfile", str(log),
            ],
            log,
        )  # fmt: skip
    return result


@contextmanager
def cluster(args):
    procs = servers(args)
    for server in procs.values():
        server.start()
    try:
        for name, port in zip("AB", args.http_ports, strict=False):
            bench.wait_for(f"http://127.0.0.1:{port}/web/login", procs[name].process)
        for name in "CD":
            wait_for_log(procs[name], "Registry loaded", 180)
        yield procs
    finally:
        for server in procs.values():
            server.stop()


def wait_for_log(server, text, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in server.log_text():
            return
        if not server.alive():
            raise RuntimeError(f"{server.name} stopped")
        time.sleep(1)
    raise RuntimeError(f"{server.name}: no {text!r} in its log in {seconds} s")


# ------------------------------------------------------------
# Setting up
# ------------------------------------------------------------


def prepare(env, args):
    """The desk of `make bench`, a small background, mail to the sink, the
    raced jobs every minute, follow-ups due on closing."""
    fx = bench.create_fixtures(
        env,
        SimpleNamespace(assets_port=args.gevent_ports[0], load_port=args.http_ports[0]),
    )
    volume = bench.Volume(env, fx, args.complaints)
    volume.add_partners()
    volume.grow(args.complaints)
    bench.prepare_form_complaint(env, fx)
    env["ir.mail_server"].create(
        {
            "name": "SMTP sink",
            "smtp_host": "127.0.0.1",
            "smtp_port": args.smtp_port,
            "smtp_encryption": "none",
        }
    )
    env["res.company"].browse(fx.company_id).complaint_followup_hours = 0
    now = fields.Datetime.now()
    for xmlid in RACED_JOBS:
        env.ref(xmlid).write(
            {
                "active": True,
                "interval_number": 1,
                "interval_type": "minutes",
                "nextcall": now,
            }
        )
    return fx


# ------------------------------------------------------------
# Checking
# ------------------------------------------------------------


def sql(registry, query, params=None):
    with registry.cursor() as cr:
        cr.execute(query, params or {})
        return cr.fetchall()


def outstanding(registry):
    """What the cron servers still have to do."""
    (row,) = sql(
        registry,
        """SELECT
            (SELECT COUNT(*) FROM helpdesk_ticket
              WHERE complaint_response_letter_queued_date IS NOT NULL),
            (SELECT COUNT(*) FROM helpdesk_ticket
              WHERE complaint_state IN ('closed', 'withdrawn')
                AND complaint_ref IS NOT NULL AND partner_id IS NOT NULL
                AND complaint_followup_sent_date IS NULL
                AND closed_date >= now() at time zone 'UTC' - interval '7 days'),
            (SELECT COUNT(*) FROM mail_mail WHERE state = 'outgoing')""",
    )
    return dict(zip(("letters", "follow_ups", "mails"), row, strict=False))


def drain(registry, seconds):
    start = time.monotonic()
    while True:
        left = outstanding(registry)
        if not any(left.values()) or time.monotonic() - start > seconds:
            return left | {"seconds": round(time.monotonic() - start, 1)}
        time.sleep(3)


def sent_per_kind(registry, ticket_ids):
    """{kind: {ticket id: (messages, mails, mails sent)}} for the tickets."""
    result = {}
    for kind, subject in KINDS.items():
        pattern = subject.format(ref="%").replace("?", "")
        rows = sql(
            registry,
            # the mails to the customer (followers get their own)
            """SELECT message.res_id, COUNT(DISTINCT message.id),
                      COUNT(mail.id), COUNT(mail.id) FILTER (WHERE mail.state = 'sent')
                 FROM mail_message message
                 JOIN helpdesk_ticket ticket ON ticket.id = message.res_id
            LEFT JOIN mail_mail mail ON mail.mail_message_id = message.id
                  AND EXISTS (SELECT 1 FROM mail_mail_res_partner_rel rel
                               WHERE rel.mail_mail_id = mail.id
                                 AND rel.res_partner_id = ticket.partner_id)
                WHERE message.model = 'helpdesk.ticket'
                  AND message.res_id = ANY(%(ids)s) AND message.subject LIKE %(pattern)s
             GROUP BY message.res_id""",
            {"ids": list(ticket_ids), "pattern": pattern},
        )
        result[kind] = {res_id: counts for res_id, *counts in rows}
    return result


def check_sent(registry, sink, ticket_ids, acknowledged_ids=()):
    """Each acknowledgement (of ``acknowledged_ids``), letter (response sent)
    and follow-up (follow-up sent) of these complaints went out exactly once:
    one message, one mail.mail, sent, and one e-mail received by the sink."""
    rows = sql(
        registry,
        """SELECT t.id, t.complaint_ref, partner.email,
                  t.complaint_response_sent_date IS NOT NULL,
                  t.complaint_followup_sent_date IS NOT NULL
             FROM helpdesk_ticket t
             JOIN res_partner partner ON partner.id = t.partner_id
            WHERE t.id = ANY(%(ids)s)""",
        {"ids": list(ticket_ids)},
    )
    sent = sent_per_kind(registry, ticket_ids)
    with sink.lock:
        received = dict(sink.received)
    acknowledged_ids = set(acknowledged_ids)
    figures = {}
    for kind, subject in KINDS.items():
        expected = [
            row
            for row in rows
            if (kind == "acknowledgement" and row[0] in acknowledged_ids)
            or (kind == "letter" and row[3])
            or (kind == "follow-up" and row[4])
        ]
        wrong = []
        for ticket_id, ref, email, _sent, _followup in expected:
            counts = tuple(sent[kind].get(ticket_id, (0, 0, 0)))
            delivered = received.get((email.lower(), subject.format(ref=ref)), 0)
            if counts != (1, 1, 1) or delivered != 1:
                wrong.append([ref, *counts, delivered])
        # a message of this kind where none should be (the generated
        # background's acknowledgements have no mail: left out)
        expected_ids = {row[0] for row in expected}
        extra = [
            ticket_id
            for ticket_id, counts in sent[kind].items()
            if ticket_id not in expected_ids
            and (
                kind != "acknowledgement" or ticket_id in acknowledged_ids or counts[1]
            )
        ]
        figures[kind] = {
            "expected": len(expected),
            "exactly_once": len(expected) - len(wrong),
            "not_exactly_once": wrong[:10],
            "not_expected": len(extra),
        }
    return figures


def scan_logs(procs, killed=None):
    """ERROR and CRITICAL records of the servers' logs, with their traceback:
    serialization failures (retried) apart from the rest."""
    figures = {}
    for name, server in procs.items():
        records, current = [], None
        for line in server.log_text().splitlines():
            match = LOG_RECORD.match(line)
            if match:
                current = None
                if match.group(2) in ("ERROR", "CRITICAL"):
                    current = [line]
                    records.append(current)
            elif current is not None:
                current.append(line)
        texts = ["\n".join(record) for record in records]
        retried = [t for t in texts if any(mark in t for mark in SERIALIZATION)]
        other = [t for t in texts if t not in retried]
        figures[name] = {
            "serialization_failures": len(retried),
            "other_errors": len(other),
            "examples": [t[:2000] for t in other[:3]],
            "killed": name == killed,
            "jobs_run": server.log_text().count(") starting"),
        }
    return figures


# ------------------------------------------------------------
# The phases
# ------------------------------------------------------------


def load_phase(registry, procs, fx, args, sink):
    urls = [f"http://127.0.0.1:{port}" for port in args.http_ports]
    with registry.cursor() as cr:
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM helpdesk_ticket")
        (last_id,) = cr.fetchone()
    load = bench_load.run_load(
        urls, args.database, fx.portal_logins, fx.load_agent_logins,
        fx.portal_category_id, fx.done_stage_id, args.load_seconds,
        args.think_seconds,
    )  # fmt: skip
    drained = drain(registry, args.drain_seconds)
    filed = [
        ticket_id
        for (ticket_id,) in sql(
            registry,
            "SELECT id FROM helpdesk_ticket WHERE is_complaint AND id > %(last)s",
            {"last": last_id},
        )
    ]
    # and the background complaints the agents answered
    answered = [
        ticket_id
        for (ticket_id,) in sql(
            registry,
            """SELECT id FROM helpdesk_ticket WHERE id <= %(last)s AND is_complaint
                  AND complaint_response_sent_date IS NOT NULL""",
            {"last": last_id},
        )
    ]
    sent = check_sent(registry, sink, filed + answered, acknowledged_ids=filed)
    return {
        "load": load,
        "drained": drained,
        "complaints_checked": len(filed) + len(answered),
        "sent": sent,
    }


def queue_letters(registry, fx, count):
    """``count`` background complaints answered, signed and sent at once: their
    letters wait for the letters job."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        manager = env["res.users"].browse(fx.load_agent_ids[0])
        tickets = (
            env["helpdesk.ticket"]
            .with_user(manager)
            .search(
                [
                    ("is_complaint", "=", True),
                    ("complaint_assessment", "=", "pending"),
                    ("complaint_response_sent_date", "=", False),
                    ("stage_id.closed", "=", False),
                ],
                limit=count,
                order="id desc",
            )
        )
        tickets.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "The carrier crushed the parcel.",
                "complaint_customer_summary": "You told us the parcel arrived crushed.",
                "complaint_customer_findings": "The carrier damaged it.",
                "complaint_response": "<p>We are sorry: a new one is on its way.</p>",
            }
        )
        tickets.action_complaint_sign_response()
        tickets.action_complaint_send_response()
        return tickets.ids


def kill_phase(registry, procs, fx, args, sink):
    """Kill the cron server running the letters job once it has committed a
    first batch; the other must finish the job."""
    marks = {name: len(procs[name].log_text()) for name in "CD"}
    ids = queue_letters(registry, fx, args.letters)
    ((cron_id,),) = sql(
        registry,
        "SELECT res_id FROM ir_model_data"
        " WHERE module = %(module)s AND name = %(name)s",
        dict(zip(("module", "name"), LETTERS_JOB.split("."), strict=False)),
    )
    progress = re.compile(
        rf"Job '[^']*' \({cron_id}\) processed (\d+) records, (\d+) records remaining"
    )
    victim, deadline = None, time.monotonic() + args.drain_seconds
    while victim is None and time.monotonic() < deadline:
        for name in "CD":
            for done, remaining in progress.findall(
                procs[name].log_text()[marks[name] :]
            ):
                if int(done) and int(remaining):
                    victim = name
                    break
            if victim:
                break
        time.sleep(0.2)
    if victim is None:
        raise RuntimeError("no cron server was seen in the middle of the letters job")
    (queued_at_kill,) = sql(
        registry,
        "SELECT COUNT(*) FROM helpdesk_ticket WHERE id = ANY(%(ids)s)"
        " AND complaint_response_letter_queued_date IS NOT NULL",
        {"ids": ids},
    )[0]
    survivor = "D" if victim == "C" else "C"
    marks[survivor] = len(procs[survivor].log_text())
    procs[victim].stop(signal.SIGKILL)
    print(
        f"Killed cron server {victim} (SIGKILL) in the letters job: "
        f"{queued_at_kill} of {len(ids)} letters still queued; {survivor} goes on",
        flush=True,
    )
    drained = drain(registry, args.drain_seconds)
    letters = sql(
        registry,
        """SELECT COUNT(*) FROM ir_attachment
            WHERE res_model = 'helpdesk.ticket' AND res_id = ANY(%(ids)s)
              AND mimetype = 'application/pdf'
         GROUP BY res_id""",
        {"ids": ids},
    )
    sent = check_sent(registry, sink, ids)
    finished_by = [
        name
        for name in "CD"
        if name != victim and progress.search(procs[name].log_text()[marks[name] :])
    ]
    return {
        "letters": len(ids),
        "killed": victim,
        "queued_at_kill": queued_at_kill,
        "finished_by": finished_by,
        "drained": drained,
        "pdf_per_complaint": sorted({count for (count,) in letters}),
        "complaints_with_pdf": len(letters),
        "sent": sent,
    }


# ------------------------------------------------------------
# Verdicts and output
# ------------------------------------------------------------


def verdicts(result):
    load, kill = result["load_phase"], result["kill_phase"]
    filed = load["load"]["filed"]
    logs = result["logs"]

    def all_once(sent):
        return all(
            figures["exactly_once"] == figures["expected"]
            and not figures["not_expected"]
            for figures in sent.values()
        )

    return {
        "no 5xx": load["load"]["server_errors"] == 0,
        "both HTTP servers served the load": all(
            figures["requests"] > 0 for figures in load["load"]["servers"].values()
        )
        and len(load["load"]["servers"]) == 2,
        "every complaint filed exists once with a unique number": filed["filed"] > 0
        and not (
            filed["missing"]
            or filed["filed_twice"]
            or filed["unregistered"]
            or filed["duplicate_numbers"]
        ),
        "every acknowledgement, letter and follow-up went out exactly once": all_once(
            load["sent"]
        )
        and load["sent"]["letter"]["expected"] > 0
        and load["sent"]["follow-up"]["expected"] > 0,
        "no letter left queued, no mail unsent": not any(
            load["drained"][k] for k in ("letters", "follow_ups", "mails")
        ),
        "no cron failed but for retried serialization failures": all(
            not figures["other_errors"] for figures in logs.values()
        ),
        "cron server killed in the letters job: the other finished it": bool(
            kill["finished_by"]
        )
        and kill["queued_at_kill"] > 0
        and not any(kill["drained"][k] for k in ("letters", "mails")),
        "after the kill: every letter rendered and sent exactly once": all_once(
            {"letter": kill["sent"]["letter"]}
        )
        and kill["pdf_per_complaint"] == [1]
        and kill["complaints_with_pdf"] == kill["letters"],
    }


def markdown(result):
    load = result["load_phase"]
    lines = [
        "# Cluster run (`make bench-cluster`)",
        "",
        f"Two HTTP servers (`--workers 2`), two cron servers (`--max-cron-threads 2`),"
        f" one database and filestore, {result['arguments']['complaints']:,} "
        f"complaints in the background, {load['load']['seconds']} s of load on "
        f"{result['machine']['cores']} cores.",
        "",
        "| assertion | result |",
        "| --- | --- |",
    ]
    lines += [
        f"| {name} | {'passed' if ok else 'FAILED'} |"
        for name, ok in result["verdicts"].items()
    ]
    lines += [
        "",
        "| load | requests | 5xx | p50 ms | p95 ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, figures in load["load"]["kinds"].items():
        lines.append(
            f"| {kind} | {figures['requests']} | {figures['server_errors']} | "
            f"{figures['p50_ms']} | {figures['p95_ms']} |"
        )
    lines += ["", "| server | requests | 5xx |", "| --- | --- | --- |"]
    for url, figures in load["load"]["servers"].items():
        lines.append(f"| {url} | {figures['requests']} | {figures['server_errors']} |")
    lines += ["", "| sent (load) | expected | exactly once |", "| --- | --- | --- |"]
    for kind, figures in load["sent"].items():
        lines.append(f"| {kind} | {figures['expected']} | {figures['exactly_once']} |")
    kill = result["kill_phase"]
    lines += [
        "",
        f"Letters job: {kill['letters']} letters released; cron server "
        f"{kill['killed']} killed (SIGKILL) with {kill['queued_at_kill']} still "
        f"queued; finished by {', '.join(kill['finished_by']) or 'nobody'} in "
        f"{kill['drained']['seconds']} s; "
        f"{kill['sent']['letter']['exactly_once']} of {kill['letters']} sent "
        "exactly once.",
        "",
        "| server | jobs run | serialization failures (retried) | other errors |",
        "| --- | --- | --- | --- |",
    ]
    for name, figures in result["logs"].items():
        lines.append(
            f"| {name}{' (killed)' if figures['killed'] else ''} | "
            f"{figures['jobs_run']} | {figures['serialization_failures']} | "
            f"{figures['other_errors']} |"
        )
    return "\n".join(lines) + "\n"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--complaints", type=int, default=2000)
    parser.add_argument("--http-ports", type=int, nargs=2, default=[8190, 8191])
    parser.add_argument("--gevent-ports", type=int, nargs=2, default=[8192, 8193])
    parser.add_argument("--smtp-port", type=int, default=8194)
    parser.add_argument("--load-seconds", type=float, default=90)
    parser.add_argument("--think-seconds", type=float, default=3.0)
    parser.add_argument("--letters", type=int, default=30)
    parser.add_argument("--drain-seconds", type=float, default=600)
    parser.add_argument("--logs", default=tempfile.gettempdir())
    parser.add_argument("--output", default="docs/bench/cluster.json")
    return parser.parse_args()


def main():
    args = parse_args()
    started = time.monotonic()
    registry = bench.start_odoo(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        fx = prepare(env, args)
        machine = bench.machine(env)
        cr.commit()
    bench.settle(args.database)
    with smtp_sink(args.smtp_port) as sink, cluster(args) as procs:
        print(
            f"Cluster up: HTTP on {args.http_ports}, cron servers C and D "
            f"(logs in {args.logs})",
            flush=True,
        )
        load_phase_result = load_phase(registry, procs, fx, args, sink)
        kill_phase_result = kill_phase(registry, procs, fx, args, sink)
        logs = scan_logs(procs, killed=kill_phase_result["killed"])
    result = {
        "machine": machine,
        "arguments": vars(args),
        "load_phase": load_phase_result,
        "kill_phase": kill_phase_result,
        "logs": logs,
        "seconds": round(time.monotonic() - started),
    }
    result["verdicts"] = verdicts(result)
    output = Path(args.output)
    output.write_text(json.dumps(result, indent=2, default=str))
    output.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))
    failed = [name for name, ok in result["verdicts"].items() if not ok]
    print(f"Figures written to {output} and {output.with_suffix('.md')}")
    if failed:
        print("FAILED: " + "; ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
