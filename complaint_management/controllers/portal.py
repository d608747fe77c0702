# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.mail.tools.discuss import Store
from odoo.addons.portal.controllers.mail import PortalChatter
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.helpdesk_ticket import CLOSED_STATES, OPEN_STATES


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

    @http.route()
    def home(self, **kw):
        """The portal home shows how many complaints the customer has and
        which offers await their answer."""
        response = super().home(**kw)
        if hasattr(response, "qcontext"):
            response.qcontext.update(
                {
                    "complaint_home_count": self._get_complaint_count(),
                    "complaint_offers": self._get_complaint_offers_awaiting(),
                }
            )
        return response

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            values["complaint_count"] = self._get_complaint_count()
        return values

    def _get_complaint_count(self):
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return 0
        return Ticket.search_count([("is_complaint", "=", True)])

    def _get_complaint_offers_awaiting(self):
        Compensation = request.env["complaint.compensation"]
        if not Compensation.has_access("read"):
            return Compensation
        # the visitor's own offers, also for an employee who can read others'
        return Compensation.search(
            [
                ("state", "=", "offered"),
                (
                    "commercial_partner_id",
                    "=",
                    request.env.user.commercial_partner_id.id,
                ),
            ]
        )

    # helpdesk_mgmt's searchbar labels are code terms of its own, which its
    # wheel translates neither into Russian nor into Bulgarian: this addon's
    # own terms, with the same wording, label them
    def _ticket_get_searchbar_sortings(self):
        return self._complaint_relabel(
            super()._ticket_get_searchbar_sortings(),
            {
                "date": request.env._("Newest"),
                "name": request.env._("Title"),
                "stage": request.env._("Stage"),
                "update": request.env._("Last Stage Update"),
            },
        )

    def _ticket_get_searchbar_groupby(self):
        return self._complaint_relabel(
            super()._ticket_get_searchbar_groupby(),
            {
                "none": request.env._("None"),
                "category": request.env._("Category"),
                "stage": request.env._("Stage"),
            },
        )

    def _ticket_get_searchbar_inputs(self):
        return self._complaint_relabel(
            super()._ticket_get_searchbar_inputs(),
            {
                "all": request.env._("Search in All"),
                "number": request.env._("Search in Number"),
                "name": request.env._("Search in Title"),
            },
        )

    def _complaint_relabel(self, options, labels):
        for key, label in labels.items():
            if key in options:
                options[key]["label"] = label
        return options

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, filterby=None, **kw):
        """The customer's complaints, in helpdesk's ticket list."""
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return request.redirect("/my")
        sortings = dict(
            sorted(
                self._ticket_get_searchbar_sortings().items(),
                key=lambda item: item[1]["sequence"],
            )
        )
        filters = self._complaint_get_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND(
            [[("is_complaint", "=", True)], filters[filterby]["domain"]]
        )
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Ticket.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        complaints = Ticket.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_tickets_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "grouped_tickets": [complaints] if complaints else [],
                "groupby": "none",
                "page_name": "complaint",
                "default_url": "/my/complaints",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("complaint_management.portal_my_complaints", values)

    def _complaint_get_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("Open"),
                "domain": [("complaint_state", "in", ("draft", *OPEN_STATES))],
            },
            "offers": {
                "label": request.env._("Awaiting your answer"),
                "domain": [("compensation_ids.state", "=", "offered")],
            },
            "closed": {
                "label": request.env._("Closed"),
                "domain": [("complaint_state", "in", CLOSED_STATES)],
            },
        }


class ComplaintPortalChatter(PortalChatter):
    @http.route()
    def portal_message_fetch(
        self, thread_model, thread_id, limit=10, after=None, before=None, **kw
    ):
        """The portal conversation of a ticket shows, besides comments, the
        automatic messages we send the customer under subtypes of their own
        (acknowledgement, offer). portal's method keeps only comments; this
        is its code with that one condition widened; other models keep it."""
        if thread_model != "helpdesk.ticket":
            return super().portal_message_fetch(
                thread_model, thread_id, limit=limit, after=after, before=before, **kw
            )
        model = request.env[thread_model]
        field = model._fields["website_message_ids"]
        subtypes = model._get_portal_message_subtypes()
        domain = expression.AND(
            [
                self._setup_portal_message_fetch_extra_domain(kw),
                field.get_domain_list(model),
                [
                    ("res_id", "=", thread_id),
                    "|",
                    ("body", "!=", ""),
                    ("attachment_ids", "!=", False),
                    ("subtype_id", "in", subtypes.ids),
                ],
            ]
        )
        Message = request.env["mail.message"]
        if kw.get("token"):
            access_as_sudo = model._get_thread_with_access(
                thread_id, token=kw.get("token")
            )
            if not access_as_sudo:
                raise Forbidden()
            # as portal's: a customer never sees internal messages
            if not request.env.user._is_internal():
                domain = expression.AND([Message._get_search_domain_share(), domain])
            # sudo: the visitor proved access with the thread's token
            Message = Message.sudo()
        res = Message._message_fetch(domain, None, before, after, None, limit)
        messages = res.pop("messages")
        return {
            **res,
            "data": {"mail.message": messages.portal_message_format(options=kw)},
            "messages": Store.many_ids(messages),
        }
