"""Take the README's screenshots from a running demo server in headless Chromium.

Run by `make screenshots` (scripts/screenshots.sh), which serves the demo
database first. Each screen is one line of SCREENS: the file, who is logged in,
the address, the CSS selector that proves the screen is loaded, and optionally
a notebook tab to open and an element the image must show whole. In an address,
``{module.xmlid}`` becomes that record's id and ``{portal_offer}`` the portal
page of an offered compensation; a PDF (ready selector None) is saved as the
PNG of its first page.
"""

import argparse
import base64
import contextlib
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import requests
import websocket

WIDTH, HEIGHT = 1440, 900
MARGIN = 16  # pixels below an element the viewport is lengthened to


class Screen(NamedTuple):
    file: str
    login: str
    address: str
    ready: str | None  # None for a PDF
    tab: str | None = None  # the `name` of a notebook page to open
    down_to: str | None = None  # lengthen the viewport to show all of this


COMPLAINT = (
    "/odoo/action-{complaint_management.action_complaint_all}"
    "/{complaint_management.complaint_demo_expired_goods}"
)
FORM = ".o_form_view .o_form_sheet"
LIST_ROW = ".o_list_view .o_data_row"
NOTEBOOK = ".o_form_sheet .o_notebook"
# fmt: off
SCREENS = [
    Screen("complaint-form.png", "admin", COMPLAINT, f"{FORM} [name=complaint_assessment_note]", tab="complaint_assessment", down_to=NOTEBOOK),  # noqa: E501
    Screen("complaint-compensation.png", "admin", COMPLAINT, f"{FORM} [name=compensation_ids] .o_data_row", tab="complaint_compensation", down_to=NOTEBOOK),  # noqa: E501
    Screen("journal.png", "admin", "/odoo/action-{complaint_management.action_complaint_journal}", LIST_ROW),  # noqa: E501
    Screen("approval-queue.png", "admin", "/odoo/action-{complaint_management.action_complaint_compensation_to_approve}", LIST_ROW),  # noqa: E501
    Screen("customer-card.png", "admin", COMPLAINT + "/res.partner/{complaint_management.partner_demo_ivan}", f"{FORM} [name=complaint_latest_ids] .o_data_row", tab="complaints", down_to=NOTEBOOK),  # noqa: E501
    Screen("portal-offer.png", "portal", "{portal_offer}", ".o_portal_compensation"),
    Screen("response-letter.png", "admin", "/report/pdf/complaint_management.report_complaint_response/{complaint_management.complaint_demo_washing_machine}", None),  # noqa: E501
    Screen("overview.png", "admin", "/odoo/action-{complaint_management.action_complaint_overview}", ".o_kanban_view .o_kanban_record button"),  # noqa: E501
    Screen("kanban.png", "admin", "/odoo/action-{complaint_management.action_complaint_all}", ".o_kanban_view .o_kanban_group .o_kanban_record"),  # noqa: E501
    Screen("portal-complaint.png", "portal", "/my/ticket/{complaint_management.complaint_demo_wm7_portal}", "#chatterRoot >>> .o-mail-Message", down_to="#chatterRoot"),  # noqa: E501
]
# fmt: on
PASSWORDS = {"admin": "admin", "demo": "demo", "portal": "portal"}
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 60


class ScreenError(Exception):
    pass


class MissingRecord(ScreenError):
    pass


# --- Odoo over JSON-RPC ------------------------------------------------------


class OdooSession:
    """A logged-in user's HTTP session with the server."""

    def __init__(self, url, db, login):
        self.url = url
        self.http = requests.Session()
        params = {"db": db, "login": login, "password": PASSWORDS[login]}
        if not self._json_rpc("/web/session/authenticate", params).get("uid"):
            raise ScreenError(f"cannot log in as {login} / {PASSWORDS[login]}")
        self.session_id = self.http.cookies["session_id"]

    def _json_rpc(self, path, params):
        response = self.http.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            raise ScreenError(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self._json_rpc("/web/dataset/call_kw", params)

    def xmlid_to_id(self, xmlid):
        module, name = xmlid.split(".")
        domain = [("module", "=", module), ("name", "=", name)]
        found = self.call("ir.model.data", "search_read", domain, ["res_id"])
        if not found:
            raise MissingRecord(f"{xmlid} is not in the database")
        return found[0]["res_id"]

    def download_pdf(self, path):
        response = self.http.get(self.url + path, timeout=TIMEOUT * 3)
        response.raise_for_status()
        if response.headers.get("Content-Type") != "application/pdf":
            raise ScreenError(f"{path} answered {response.headers.get('Content-Type')}")
        return response.content


def portal_offer(admin, login):
    """The portal page of a compensation offered to `login`, and who opens it;
    without one, the page of any offered compensation through its token."""
    user = admin.call(
        "res.users", "search_read", [("login", "=", login)], ["partner_id"]
    )
    if not user:
        raise ScreenError(f"no user {login} in the database")
    offered = [("state", "=", "offered")]
    own = [*offered, ("commercial_partner_id", "child_of", user[0]["partner_id"][0])]
    found = admin.call("complaint.compensation", "search", own, limit=1)
    if found:
        return f"/my/compensation/{found[0]}", login
    print(
        f"  WARNING: no demo compensation is offered to {login}: "
        "opening another one through its access token"
    )
    fields = ["access_url", "access_token"]
    for domain in (offered, [("access_token", "!=", False)]):
        found = admin.call(
            "complaint.compensation", "search_read", domain, fields, limit=1
        )
        if found:
            return (
                f"{found[0]['access_url']}?access_token={found[0]['access_token']}",
                None,
            )
    raise ScreenError("no demo compensation was ever offered to a customer")


def resolve(admin, screen):
    """The screen's address with its placeholders filled, and who opens it
    (None: a visitor holding an access token)."""
    if screen.address == "{portal_offer}":
        return portal_offer(admin, screen.login)
    address = screen.address
    for part in screen.address.split("{")[1:]:
        xmlid = part.split("}")[0]
        address = address.replace(f"{{{xmlid}}}", str(admin.xmlid_to_id(xmlid)))
    return address, screen.login


# --- Chromium over the DevTools protocol -------------------------------------


class Browser:
    """A headless Chromium of its own (profile, cookies, shared workers): Odoo's
    bus worker, shared by the pages of one browser, would otherwise greet each
    new page with "The page is out of date"."""

    def __init__(self):
        self.last_id = 0
        self.socket = None

    def __enter__(self):
        self.profile_dir = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile_dir.name}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            port_file = Path(self.profile_dir.name) / "DevToolsActivePort"
            self.socket = websocket.create_connection(
                self._page_socket_url(port_file), timeout=TIMEOUT, suppress_origin=True
            )
            self.set_height(HEIGHT)
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self._stop()

    def _stop(self):
        """Close Chromium from inside when it listens, so that none of its
        processes is left writing into the profile being removed."""
        if self.socket:
            with contextlib.suppress(
                websocket.WebSocketException, subprocess.TimeoutExpired
            ):
                self.socket.send(json.dumps({"id": 0, "method": "Browser.close"}))
                self.process.wait(timeout=TIMEOUT)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.profile_dir.cleanup()

    @staticmethod
    def _page_socket_url(port_file):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            port = port_file.exists() and port_file.read_text().split()[:1]
            if port:
                url = f"http://127.0.0.1:{port[0]}/json/list"
                pages = [
                    t
                    for t in requests.get(url, timeout=10).json()
                    if t["type"] == "page"
                ]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.2)
        raise ScreenError(f"{CHROMIUM} did not open its DevTools port")

    def send(self, method, **params):
        self.last_id += 1
        self.socket.send(
            json.dumps({"id": self.last_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise ScreenError(f"{method}: {message['error']['message']}")
                return message["result"]

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result["result"].get("value")

    def open(self, url, session_id):
        if session_id:
            self.send(
                "Network.setCookie",
                name="session_id",
                value=session_id,
                url=url,
                path="/",
            )
        error = self.send("Page.navigate", url=url).get("errorText")
        if error:
            raise ScreenError(f"cannot open {url}: {error}")

    @staticmethod
    def _query(selector):
        """The JavaScript that finds the selector's element; ``host >>> inner``
        looks inside the host's shadow root (the portal's chatter lives in
        the shadow root of #chatterRoot)."""
        host, _sep, inner = selector.partition(" >>> ")
        query = f"document.querySelector({json.dumps(host)})"
        if inner:
            query += f"?.shadowRoot?.querySelector({json.dumps(inner)})"
        return query

    def wait_for(self, selector):
        """Wait for the selector, with no loading indicator and all fonts and
        images in; fail at once on an error dialog."""
        loaded = f"""!!{self._query(selector)}
            && !document.querySelector('.o_loading_indicator, .o_blockUI')
            && document.readyState === 'complete'
            && document.fonts.status === 'loaded'
            && [...document.images].every(image => image.complete)"""
        error = "document.querySelector('.o_error_dialog')?.innerText"
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if message := self.evaluate(error):
                raise ScreenError(f"an error dialog opened: {message[:500]}")
            if self.evaluate(loaded):
                time.sleep(0.5)  # let the last frame paint
                return
            time.sleep(0.25)
        raise ScreenError(f"{selector} did not appear within {TIMEOUT} s")

    def set_height(self, height):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def lengthen_to_show(self, selector):
        """Lengthen the viewport down to the bottom of the selector's element."""
        bottom = self.evaluate(
            f"document.querySelector({json.dumps(selector)})?.getBoundingClientRect().bottom"
        )
        if bottom is None:
            raise ScreenError(f"nothing to show at {selector}")
        self.set_height(max(HEIGHT, math.ceil(bottom) + MARGIN))

    def click(self, selector):
        self.wait_for(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def capture(self, path):
        path.write_bytes(
            base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
        )


# --- Taking the screens ------------------------------------------------------


def save_pdf_first_page(pdf, path):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        first_page = ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run(
            ["pdftoppm", *first_page, pdf_file.name, str(path.with_suffix(""))],
            check=True,
        )


def take(screen, url, address, session, path):
    if screen.ready is None:
        save_pdf_first_page(session.download_pdf(address), path)
        return
    with Browser() as browser:
        browser.open(url + address, session and session.session_id)
        if screen.tab:
            browser.click(f".o_notebook .nav-link[name={screen.tab}]")
        browser.wait_for(screen.ready)
        if screen.down_to:
            browser.lengthen_to_show(screen.down_to)
            browser.wait_for(screen.ready)
        browser.capture(path)


def take_all(url, db, out):
    """Take every screen; return the failures' messages."""
    sessions = {}

    def session_of(login):
        if login not in sessions:
            sessions[login] = OdooSession(url, db, login)
        return sessions[login]

    failures = []
    for screen in SCREENS:
        try:
            address, login = resolve(session_of("admin"), screen)
            take(screen, url, address, login and session_of(login), out / screen.file)
            print(f"  {screen.file}: {address}" + ("" if login else " (as a visitor)"))
        except (
            MissingRecord,
            ScreenError,
            requests.RequestException,
            websocket.WebSocketException,
            subprocess.CalledProcessError,
        ) as error:
            failures.append(f"{screen.file}: {error}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--url", required=True, help="the server, e.g. http://localhost:8469"
    )
    parser.add_argument("--db", required=True)
    parser.add_argument(
        "--out", type=Path, required=True, help="folder of the PNG files"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"Taking screenshots of {args.url} into {args.out}/...")
    failures = take_all(args.url, args.db, args.out)
    for failure in failures:
        print(f"ERROR: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
