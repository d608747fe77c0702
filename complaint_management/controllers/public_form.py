# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging

from werkzeug.exceptions import NotFound

from odoo import http, tools
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal

_logger = logging.getLogger(__name__)

# what a visitor may attach: documents and pictures, nothing a browser or a
# desktop would run
ATTACHMENT_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "text/plain",
}
MAX_ATTACHMENTS = 5
# the invisible field only robots fill in
HONEYPOT = "website_url"
TITLE_LENGTH = 80


class PublicFormError(Exception):
    """A submission the form refuses, with the sentence the visitor reads."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class ComplaintPublicForm(CustomerPortal):
    """A complaint form for visitors without an account, and the company's
    published complaints policy. No website module: the pages use the
    portal's frontend layout, as the rest of the portal does."""

    # ------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------

    @http.route(
        ["/complaint/new", "/complaint/new/<int:company_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def complaint_public_form(self, company_id=None, **kw):
        company = self._complaint_form_company(company_id)
        return self._render_complaint_form(company, {})

    @http.route(
        "/complaint/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        csrf=True,
    )
    def complaint_public_submit(self, **kw):
        company = self._complaint_form_company(kw.get("company_id"))
        if kw.get(HONEYPOT):
            # a robot: it is told what a person is told, and nothing is kept
            _logger.info("Public complaint form: honeypot filled, submission dropped")
            return request.render(
                "complaint_management.complaint_public_received", {"company": company}
            )
        try:
            complaint, created = self._complaint_public_register(company, kw)
        except PublicFormError as error:
            return self._render_complaint_form(
                company, kw, error=str(error), status=error.status
            )
        if not created:
            # added to the latest open complaint of the address given: its
            # page is not shown to whoever typed that address
            return request.render(
                "complaint_management.complaint_public_received",
                {"company": company, "added": True},
            )
        return request.redirect(
            f"/complaint/registered/{complaint.id}"
            f"?access_token={complaint._portal_ensure_token()}",
            code=303,
        )

    @http.route(
        "/complaint/registered/<int:ticket_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def complaint_public_registered(self, ticket_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not complaint_sudo.complaint_ref:
            raise NotFound()
        return request.render(
            "complaint_management.complaint_public_confirmation",
            {
                "complaint": complaint_sudo,
                "company": complaint_sudo.company_id,
                "follow_url": complaint_sudo.get_portal_url(),
            },
        )

    @http.route(
        ["/complaint/policy", "/complaint/policy/<int:company_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def complaint_policy(self, company_id=None, **kw):
        company = self._complaint_form_company(company_id)
        return request.render(
            "complaint_management.complaint_policy_page",
            {"company": company, "policy": company._get_complaint_policy_html()},
        )

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _complaint_form_company(self, company_id):
        """The company a visitor complains to: the one in the address, else
        the current one."""
        # sudo: companies are read by a public visitor for their name and
        # settings only
        Company = request.env["res.company"].sudo()
        if company_id:
            try:
                company = Company.browse(int(company_id)).exists()
            except (TypeError, ValueError) as error:
                raise NotFound() from error
            if not company:
                raise NotFound()
            return company
        return Company.browse(request.env.company.id)

    def _render_complaint_form(self, company, values, error=None, status=200):
        return request.render(
            "complaint_management.complaint_public_form",
            {
                "company": company,
                "values": values,
                "error": error,
                "max_size_mb": company.complaint_form_max_size_mb,
                "max_attachments": MAX_ATTACHMENTS,
                "honeypot": HONEYPOT,
            },
            status=status,
        )

    def _complaint_public_register(self, company, kw):
        env = request.env
        name = (kw.get("name") or "").strip()
        email_input = (kw.get("email") or "").strip()
        email = tools.email_normalize(email_input) or False
        phone = (kw.get("phone") or "").strip()
        facts = (kw.get("description") or "").strip()
        remedy = (kw.get("remedy") or "").strip()
        if not name:
            raise PublicFormError(env._("Please tell us your name."))
        if email_input and not email:
            raise PublicFormError(
                env._(
                    "“%(email)s” does not look like an e-mail address.",
                    email=email_input,
                )
            )
        if not (email or phone):
            raise PublicFormError(
                env._(
                    "Please give us an e-mail address or a phone number, so "
                    "that we can answer you."
                )
            )
        if not facts:
            raise PublicFormError(env._("Please tell us what happened."))
        files = self._complaint_public_files(company)
        self._complaint_public_check_limits(company, email)
        # sudo: the public visitor files a complaint; the core's intake
        # applies the same rules as on every other route
        Ticket = env["helpdesk.ticket"].sudo().with_company(company)
        partner = Ticket._complaint_intake_partner(name=name, email=email, phone=phone)
        vals = {
            "name": facts.splitlines()[0][:TITLE_LENGTH],
            "description": plaintext2html(facts),
            "complaint_remedy_sought": remedy or False,
            "partner_id": partner.id,
            "company_id": company.id,
            "channel_id": env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_web", raise_if_not_found=False
            ).id,
        }
        # what the visitor wrote, in their name, as a mail's body would be
        wish = remedy and env._("What I would like: %(remedy)s", remedy=remedy)
        first_message = plaintext2html("\n\n".join(filter(None, [facts, wish])))
        try:
            complaint, created = Ticket._complaint_intake_create(
                vals, first_message=first_message
            )
        except UserError as error:
            raise PublicFormError(str(error)) from error
        # sudo: counters are technical; only keyed hashes are stored
        env["complaint.intake.attempt"].sudo()._record(
            company, ip=request.httprequest.remote_addr, email=email
        )
        if files:
            # sudo: the visitor's own files, on their own complaint
            env["ir.attachment"].sudo().create(
                [
                    {
                        "name": filename,
                        "datas": base64.b64encode(data),
                        "res_model": "helpdesk.ticket",
                        "res_id": complaint.id,
                    }
                    for filename, data in files
                ]
            )
        return complaint, created

    def _complaint_public_files(self, company):
        """The attached files, checked: how many, how large, of which type."""
        env = request.env
        uploads = [
            upload
            for upload in request.httprequest.files.getlist("attachment")
            if upload.filename
        ]
        if len(uploads) > MAX_ATTACHMENTS:
            raise PublicFormError(
                env._("Please attach at most %(count)s files.", count=MAX_ATTACHMENTS)
            )
        max_bytes = company.complaint_form_max_size_mb * 1024 * 1024
        files = []
        for upload in uploads:
            data = upload.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise PublicFormError(
                    env._(
                        "“%(file)s” is larger than %(size)s MB.",
                        file=upload.filename,
                        size=company.complaint_form_max_size_mb,
                    ),
                    status=413,
                )
            if guess_mimetype(data) not in ATTACHMENT_TYPES:
                raise PublicFormError(
                    env._(
                        "“%(file)s” cannot be attached: please send a PDF, a "
                        "picture (JPEG, PNG, GIF, WebP) or a text file.",
                        file=upload.filename,
                    )
                )
            files.append((upload.filename, data))
        return files

    def _complaint_public_check_limits(self, company, email):
        """The company's limits per IP address and per e-mail address per hour."""
        # sudo: counters are technical data the visitor is counted by
        Attempt = request.env["complaint.intake.attempt"].sudo()
        ip = request.httprequest.remote_addr
        too_many = (
            company.complaint_form_ip_limit
            and Attempt._count_recent(company, "ip", ip)
            >= company.complaint_form_ip_limit
        ) or (
            email
            and company.complaint_form_email_limit
            and Attempt._count_recent(company, "email", email)
            >= company.complaint_form_email_limit
        )
        if too_many:
            _logger.info(
                "Public complaint form: limit per hour reached (company %s)",
                company.id,
            )
            raise PublicFormError(
                request.env._(
                    "We have already received several complaints from you within "
                    "the last hour. Please try again later, or write to us by "
                    "e-mail."
                ),
                status=429,
            )
