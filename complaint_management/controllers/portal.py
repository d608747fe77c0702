# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal import CustomerPortal


class ComplaintCompensationPortal(CustomerPortal):
    def _compensation_check_access(self, compensation_id, access_token):
        try:
            return self._document_check_access(
                "complaint.compensation", compensation_id, access_token=access_token
            )
        except MissingError as error:
            raise NotFound() from error
        except AccessError as error:
            raise Forbidden() from error

    @http.route(
        "/my/compensation/<int:compensation_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_my_compensation(self, compensation_id, access_token=None, **kw):
        compensation_sudo = self._compensation_check_access(
            compensation_id, access_token
        )
        values = self._get_page_view_values(
            compensation_sudo,
            access_token,
            {"compensation": compensation_sudo, "page_name": "compensation"},
            "my_compensations_history",
            False,
            **kw,
        )
        return request.render("complaint_management.portal_compensation_page", values)

    @http.route(
        "/my/compensation/<int:compensation_id>/<string:decision>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        csrf=True,
    )
    def portal_compensation_decide(
        self, compensation_id, decision, access_token=None, comment=None, **kw
    ):
        if decision not in ("accept", "decline"):
            raise NotFound()
        # _document_check_access returns the record in sudo once the visitor
        # proved access (own record as portal user, or the record's token):
        # deciding on one's own offer is exactly what the customer may do.
        compensation_sudo = self._compensation_check_access(
            compensation_id, access_token
        )
        if compensation_sudo.state != "offered":
            raise AccessError(
                request.env._(
                    "This offer can no longer be answered: it was already answered "
                    "or withdrawn. Open it again to see where it stands."
                )
            )
        author = (
            compensation_sudo.partner_id
            if request.env.user._is_public()
            else request.env.user.partner_id
        )
        compensation_sudo = compensation_sudo.with_context(
            complaint_decision_author_id=author.id
        )
        if decision == "accept":
            compensation_sudo.action_accept(comment)
        else:
            compensation_sudo.action_decline(comment)
        return request.redirect(
            compensation_sudo.get_portal_url(query_string="&decided=1")
            if access_token
            else f"/my/compensation/{compensation_sudo.id}?decided=1"
        )


class ComplaintTicketPortal(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        # helpdesk_mgmt redirects a visitor without access to /my; answer 404
        # so a probe learns nothing and no page of someone else's opens
        try:
            self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)
