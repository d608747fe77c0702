"""Bounded load on a served Odoo: portal customers file complaints while agents
assess, compensate and close them (case 7 of `make bench`).

Each simulated person is a thread with its own HTTP session, as a browser:

- a portal customer opens the portal form (GET /new/ticket), files a complaint
  (POST /submitted/ticket, with the form's CSRF token) and lands on it
  (GET /my/ticket/<id>);
- an agent reads their journal page and a complaint's form over JSON-RPC
  (/web/dataset/call_kw, the specifications the web client sends for these
  views), assesses it and writes the response, grants a compensation, signs and
  sends the response (the PDF letter) and closes it.

Between two steps each person waits ``think`` seconds. After ``seconds`` every
person finishes the step at hand; then every complaint filed is looked up: it
must exist once, registered, with its own journal number.

Run by scripts/bench.py against the server it starts; on its own:
    python scripts/bench_load.py --url http://127.0.0.1:8269 --db complaint_bench \
        --portal bench_portal_1:bench_portal_1 --agent bench_load_agent_1:... \
        --category 10 --done-stage 4
"""

import argparse
import itertools
import json
import re
import statistics
import threading
import time
import uuid
from collections import defaultdict

import requests
from lxml import etree

CSRF_TOKEN = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
TICKET_URL = re.compile(r"/my/ticket/(\d+)")
JOURNAL_ACTION = "complaint_management.action_complaint_journal"
X2MANY = ("one2many", "many2many")
HTTP_TIMEOUT = 300


# ------------------------------------------------------------
# What the web client reads: a specification built from a view
# ------------------------------------------------------------


def view_spec(node, fields_by_model, model):
    """The web client's ``specification`` for the fields of a view: related
    records by display name, x2many lines with the fields of their own list."""
    spec = {}
    for child in node.iterchildren():
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            spec[child.get("name")] = field_spec(child, fields_by_model, model)
        else:
            spec.update(view_spec(child, fields_by_model, model))
    return spec


def field_spec(node, fields_by_model, model):
    description = fields_by_model[model][node.get("name")]
    if description["type"] == "many2one":
        return {"fields": {"display_name": {}}}
    if description["type"] not in X2MANY:
        return {}
    comodel = description["relation"]
    subview = next((child for child in node if child.tag in ("list", "kanban")), None)
    if subview is None or comodel not in fields_by_model:
        return {"fields": {"display_name": {}}}
    return {"fields": view_spec(subview, fields_by_model, comodel), "limit": 40}


def specs_from_views(get_views_result):
    """{view type: specification} from the answer of ``get_views``."""
    fields_by_model = {
        model: description["fields"]
        for model, description in get_views_result["models"].items()
    }
    model = next(iter(get_views_result["models"]))
    specs = {}
    for view_type, view in get_views_result["views"].items():
        arch = etree.fromstring(view["arch"])
        specs[view_type] = view_spec(arch, fields_by_model, model)
    specs["form"]["display_name"] = {}
    return specs


# ------------------------------------------------------------
# Recording
# ------------------------------------------------------------


class Recorder:
    """Latencies and failures per kind of request, shared by all threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.server_errors = defaultdict(int)
        self.refusals = defaultdict(list)
        self.filed = []
        self.by_server = defaultdict(lambda: {"requests": 0, "server_errors": 0})

    def record(self, kind, seconds, status, server=None):
        with self._lock:
            self.latencies[kind].append(seconds)
            self.by_server[server]["requests"] += 1
            if status >= 500:
                self.server_errors[kind] += 1
                self.by_server[server]["server_errors"] += 1

    def refuse(self, kind, message):
        with self._lock:
            self.refusals[kind].append(message)

    def file(self, subject, ticket_id):
        with self._lock:
            self.filed.append((subject, ticket_id))

    def summary(self, elapsed):
        kinds = {}
        for kind in sorted(set(self.latencies) | set(self.refusals)):
            ordered = sorted(self.latencies[kind]) or [0.0]
            kinds[kind] = {
                "requests": len(self.latencies[kind]),
                "p50_ms": round(1000 * statistics.median(ordered), 1),
                "p95_ms": round(1000 * percentile(ordered, 0.95), 1),
                "max_ms": round(1000 * ordered[-1], 1),
                "server_errors": self.server_errors[kind],
                "refused": len(self.refusals[kind]),
                "refusal_examples": self.refusals[kind][:3],
            }
        total = sum(kind["requests"] for kind in kinds.values())
        return {
            "seconds": round(elapsed, 1),
            "requests": total,
            "requests_per_second": round(total / elapsed, 2) if elapsed else 0.0,
            "server_errors": sum(self.server_errors.values()),
            "kinds": kinds,
            "servers": {str(url): figures for url, figures in self.by_server.items()},
        }


def percentile(ordered, share):
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


class RpcRefused(Exception):
    """Odoo answered a JSON-RPC call with an error."""


class Client:
    """One person's browser session against the served Odoo. Given several
    servers (``url`` a list), each request goes to the next one in turn, as
    a proxy without sticky sessions would send them: the session cookie must
    work on all of them."""

    _count = itertools.count()

    def __init__(self, url, recorder):
        urls = [url] if isinstance(url, str) else list(url)
        self.urls = [u.rstrip("/") for u in urls]
        # people start on different servers
        self._next = itertools.islice(
            itertools.cycle(self.urls), next(self._count) % len(self.urls), None
        )
        self.url = self.urls[0]
        self.recorder = recorder
        self.session = requests.Session()

    def request(self, kind, method, path, **kwargs):
        url = next(self._next)
        start = time.perf_counter()
        response = self.session.request(
            method, url + path, timeout=HTTP_TIMEOUT, **kwargs
        )
        if kind:
            self.recorder.record(
                kind, time.perf_counter() - start, response.status_code, url
            )
        return response

    def csrf_token(self, kind, path):
        page = self.request(kind, "GET", path)
        match = CSRF_TOKEN.search(page.text)
        if not match:
            raise RpcRefused(f"{path} answered {page.status_code} without a form")
        return match.group(1)

    def login_portal(self, login, password):
        token = self.csrf_token(None, "/web/login")
        landing = self.request(
            None,
            "POST",
            "/web/login",
            data={
                "login": login,
                "password": password,
                "csrf_token": token,
                "redirect": "/my",
            },
        )
        if "/web/login" in landing.url:
            raise RpcRefused(f"{login} could not log in")

    def login_rpc(self, db, login, password):
        result = self.json(
            "/web/session/authenticate", None, db=db, login=login, password=password
        )
        return result["uid"]

    def json(self, path, kind, **params):
        response = self.request(
            kind,
            "POST",
            path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
        )
        if response.status_code >= 500:
            raise RpcRefused(f"{path}: HTTP {response.status_code}")
        answer = response.json()
        if "error" in answer:
            error = answer["error"].get("data", {}).get("message") or answer["error"]
            raise RpcRefused(str(error))
        return answer["result"]

    def call(self, kind, model, method, *args, **kwargs):
        return self.json(
            f"/web/dataset/call_kw/{model}/{method}",
            kind,
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )


# ------------------------------------------------------------
# People
# ------------------------------------------------------------


class Clock:
    """The timed window opens once everybody has logged in and warmed up."""

    def __init__(self, people, seconds):
        self.seconds = seconds
        self.start = self.deadline = None
        self.barrier = threading.Barrier(people, action=self.open)

    def open(self):
        self.start = time.monotonic()
        self.deadline = self.start + self.seconds


class Person(threading.Thread):
    def __init__(self, client, clock, think):
        super().__init__(daemon=True)
        self.client = client
        self.clock = clock
        self.think = think

    def run(self):
        try:
            self.start_session()
        except (RpcRefused, requests.RequestException) as error:
            self.client.recorder.refuse("login", str(error))
            self.clock.barrier.wait()
            return
        self.clock.barrier.wait()
        while time.monotonic() < self.clock.deadline:
            try:
                self.act()
            except RpcRefused as error:
                self.client.recorder.refuse(self.kind, str(error))
            except requests.RequestException as error:
                self.client.recorder.refuse(self.kind, repr(error))
            time.sleep(self.think)


class PortalCustomer(Person):
    kind = "portal"

    def __init__(self, client, clock, think, login, password, category_id):
        super().__init__(client, clock, think)
        self.login, self.password = login, password
        self.category_id = category_id
        self.filed = 0

    def start_session(self):
        """Log in and open the form once: the server renders it cold once."""
        self.client.login_portal(self.login, self.password)
        self.client.csrf_token(None, "/new/ticket")

    def act(self):
        token = self.client.csrf_token("portal_form", "/new/ticket")
        self.filed += 1
        subject = f"Load {uuid.uuid4().hex[:12]} {self.login} {self.filed}"
        response = self.client.request(
            "portal_submit",
            "POST",
            "/submitted/ticket",
            data={
                "csrf_token": token,
                "category": self.category_id,
                "subject": subject,
                "description": "The parcel arrived crushed and the lid is broken.",
                "complaint_remedy_sought": "A replacement, please.",
            },
            allow_redirects=False,
        )
        found = TICKET_URL.search(response.headers.get("Location", ""))
        if not found:
            raise RpcRefused(f"submission answered {response.status_code}")
        self.client.recorder.file(subject, int(found.group(1)))
        time.sleep(self.think)
        self.client.request("portal_ticket", "GET", found.group(0))


class Agent(Person):
    kind = "agent"

    def __init__(self, client, clock, think, db, login, password, done_stage_id):
        super().__init__(client, clock, think)
        self.db, self.login, self.password = db, login, password
        self.done_stage_id = done_stage_id
        self.uid = None
        self.specs = {}

    def start_session(self):
        """Log in and load the journal's views, as the web client does."""
        self.uid = self.client.login_rpc(self.db, self.login, self.password)
        action = self.client.json("/web/action/load", None, action_id=JOURNAL_ACTION)
        views = self.client.call(None, "helpdesk.ticket", "get_views", action["views"])
        self.specs = specs_from_views(views)

    def act(self):
        """One complaint from the agent's journal page, from reading to closing."""
        page = self.client.call(
            "agent_list",
            "helpdesk.ticket",
            "web_search_read",
            [
                ("user_id", "=", self.uid),
                ("complaint_assessment", "=", "pending"),
                ("stage_id.closed", "=", False),
            ],
            self.specs["list"],
            limit=80,
            order="complaint_ref",
            count_limit=10001,
        )
        if not page["records"]:
            return
        complaint_id = page["records"][0]["id"]
        self.pause()
        self.client.call(
            "agent_form",
            "helpdesk.ticket",
            "web_read",
            [complaint_id],
            self.specs["form"],
        )
        self.pause()
        self.assess(complaint_id)
        self.pause()
        self.compensate(complaint_id)
        self.pause()
        self.close(complaint_id)

    def pause(self):
        time.sleep(self.think)

    def assess(self, complaint_id):
        self.client.call(
            "agent_assess",
            "helpdesk.ticket",
            "web_save",
            [complaint_id],
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "The carrier crushed the parcel.",
                "complaint_customer_summary": "You told us the parcel arrived "
                "crushed.",
                "complaint_customer_findings": "The carrier damaged the parcel "
                "on its way to you.",
                "complaint_response": "<p>We are sorry: a new one is on its way.</p>",
            },
            specification={"complaint_assessment": {}},
        )

    def compensate(self, complaint_id):
        compensation = self.client.call(
            "agent_compensate",
            "complaint.compensation",
            "create",
            {
                "ticket_id": complaint_id,
                "compensation_type": "replacement",
                "amount": 25,
                "description": "A new one, delivered free of charge.",
            },
        )
        self.client.call(
            "agent_compensate",
            "complaint.compensation",
            "action_submit",
            [compensation],
        )

    def close(self, complaint_id):
        for method in (
            "action_complaint_sign_response",
            "action_complaint_send_response",
        ):
            self.client.call("agent_close", "helpdesk.ticket", method, [complaint_id])
        self.client.call(
            "agent_close",
            "helpdesk.ticket",
            "write",
            [complaint_id],
            {"stage_id": self.done_stage_id},
        )


# ------------------------------------------------------------
# The run
# ------------------------------------------------------------


def run_load(
    url, db, portal_logins, agent_logins, category_id, done_stage_id, seconds, think
):
    """Run the load for ``seconds`` and check every complaint filed. ``url``
    may be a list of servers, which each person's requests go to in turn."""
    recorder = Recorder()
    clock = Clock(len(portal_logins) + len(agent_logins), seconds)
    people = [
        PortalCustomer(
            Client(url, recorder), clock, think, login, password, category_id
        )
        for login, password in portal_logins
    ] + [
        Agent(Client(url, recorder), clock, think, db, login, password, done_stage_id)
        for login, password in agent_logins
    ]
    for person in people:
        person.start()
    for person in people:
        person.join()
    result = recorder.summary(time.monotonic() - clock.start)
    result["think_seconds"] = think
    result["people"] = {"portal": len(portal_logins), "agents": len(agent_logins)}
    result["filed"] = check_filed(url, db, agent_logins[0], recorder.filed)
    result["letters"] = wait_for_letters(url, db, agent_logins[0])
    return result


def wait_for_letters(url, db, agent_login, seconds=300):
    """The PDF letters of the responses sent during the load are rendered by
    the server's scheduled action: wait until none is left in its queue."""
    client = Client(url, Recorder())
    client.login_rpc(db, *agent_login)
    start = time.monotonic()
    queued = [("complaint_response_letter_queued_date", "!=", False)]
    while True:
        pending = client.call(None, "helpdesk.ticket", "search_count", queued)
        if not pending or time.monotonic() - start > seconds:
            break
        time.sleep(2)
    return {
        "sent": client.call(
            None,
            "helpdesk.ticket",
            "search_count",
            [("complaint_response_sent_by_id", "!=", False)],
        ),
        "pending": pending,
        "drain_seconds": round(time.monotonic() - start, 1),
    }


def check_filed(url, db, agent_login, filed):
    """Every complaint filed exists once, registered, with its own number."""
    client = Client(url, Recorder())
    client.login_rpc(db, *agent_login)
    subjects = [subject for subject, _ticket_id in filed]
    found = client.call(
        None,
        "helpdesk.ticket",
        "search_read",
        [("name", "in", subjects)],
        ["name", "complaint_ref"],
        context={"active_test": False},
    )
    by_subject = defaultdict(list)
    for ticket in found:
        by_subject[ticket["name"]].append(ticket)
    refs = [ticket["complaint_ref"] for ticket in found if ticket["complaint_ref"]]
    return {
        "filed": len(filed),
        "found": len(found),
        "missing": sum(1 for subject in subjects if not by_subject[subject]),
        "filed_twice": sum(1 for tickets in by_subject.values() if len(tickets) > 1),
        "unregistered": sum(1 for ticket in found if not ticket["complaint_ref"]),
        "duplicate_numbers": len(refs) - len(set(refs)),
    }


def parse_logins(values):
    return [tuple(value.split(":", 1)) for value in values]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument(
        "--portal",
        action="append",
        required=True,
        help="login:password of a portal customer (repeat)",
    )
    parser.add_argument(
        "--agent",
        action="append",
        required=True,
        help="login:password of a complaint manager (repeat)",
    )
    parser.add_argument(
        "--category",
        type=int,
        required=True,
        help="complaint category offered in the portal form",
    )
    parser.add_argument(
        "--done-stage",
        type=int,
        required=True,
        help="closing stage of the complaints team",
    )
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--think", type=float, default=3.0)
    args = parser.parse_args()
    result = run_load(
        args.url,
        args.db,
        parse_logins(args.portal),
        parse_logins(args.agent),
        args.category,
        args.done_stage,
        args.seconds,
        args.think,
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
