# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class PortalChoiceError(Exception):
    """A category or team the portal form does not offer."""


class ComplaintTicketController(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, **kw):
        """Replaces helpdesk_mgmt's GET route, which closed any ticket as
        superuser: POST with a CSRF token, by the ticket's own customer, to a
        stage offered in the portal. An open complaint is withdrawn by the
        customer (one note, the stage picked by the server), through the same
        rules that bind an agent."""
        ticket = self._get_own_ticket(kw.get("ticket_id"))
        # sudo: the visitor proved the ticket is theirs; a complaint's closing
        # stage is chosen by the server, a ticket's must be one the portal
        # offers; the write still goes through the model's rules
        ticket_sudo = ticket.sudo()
        if ticket_sudo.is_complaint:
            note = (kw.get("note") or "").strip()
            try:
                ticket_sudo._complaint_withdraw_by_customer(
                    request.env.user.partner_id, note
                )
            except UserError as error:
                raise BadRequest(str(error)) from error
        else:
            ticket_sudo.stage_id = self._get_portal_close_stage(
                ticket, kw.get("stage_id")
            )
        # 302 as helpdesk_mgmt answers (its own portal test expects it)
        return request.redirect(f"/my/ticket/{ticket.id}", code=302)

    def _get_own_ticket(self, ticket_id):
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(ticket_id or 0))
            ticket.check_access("read")
            ticket = ticket.exists()
        except (AccessError, MissingError, ValueError) as error:
            raise NotFound() from error
        if not ticket:
            raise NotFound()
        own = request.env.user.commercial_partner_id
        # sudo: read the ticket's customer to compare it with the visitor
        if ticket.sudo().partner_id.commercial_partner_id != own:
            raise Forbidden()
        return ticket

    def _get_portal_close_stage(self, ticket, stage_id):
        # sudo: stages of the ticket's team, read to validate the request
        stages = (
            ticket.sudo().team_id._get_applicable_stages().filtered("close_from_portal")
        )
        try:
            stage = stages.filtered(lambda s: s.id == int(stage_id or 0))
        except ValueError as error:
            raise BadRequest() from error
        if not stage:
            raise BadRequest(
                request.env._(
                    "This stage cannot be chosen from the portal: go back to your "
                    "ticket and use one of the buttons shown there."
                )
            )
        return stage

    def _prepare_submit_ticket_vals(self, **kw):
        self._check_portal_choices(kw)
        vals = super()._prepare_submit_ticket_vals(**kw)
        remedy = (kw.get("complaint_remedy_sought") or "").strip()
        if remedy:
            vals["complaint_remedy_sought"] = remedy
        vals.update(self._get_complaint_desk_vals(vals))
        return vals

    def _get_complaint_desk_vals(self, vals):
        """A complaint filed in the portal goes to the complaints desk of its
        company (unless the customer chose a desk); registering it gives it
        to a desk member (helpdesk.ticket._complaint_auto_assign)."""
        # sudo: the category and teams are read to route the complaint; a
        # portal customer may not read teams
        category = (
            request.env["helpdesk.ticket.category"]
            .sudo()
            .browse(vals.get("category_id"))
        )
        Team = request.env["helpdesk.ticket.team"].sudo()
        team = Team.browse(vals.get("team_id"))
        if not (category.complaint_kind or team.is_complaint_team):
            return {}
        company = request.env["res.company"].sudo().browse(vals["company_id"])
        desk = team if team.is_complaint_team else Team._get_complaint_desk(company)
        if not desk:
            return {}
        # its registration gives it an agent (_complaint_auto_assign)
        return {
            "team_id": desk.id,
            "stage_id": desk._get_applicable_stages()[:1].id,
        }

    def _get_categories(self, **kw):
        """The complaint form (``/new/ticket?complaint=1``) offers only the
        complaint categories; helpdesk's own form keeps all of them."""
        categories = super()._get_categories(**kw)
        if kw.get("complaint"):
            categories = categories.filtered("complaint_kind")
        return categories

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["complaint_form"] = bool(kw.get("complaint"))
        return values

    def _check_portal_choices(self, kw):
        """Only the categories and teams the form offers may be submitted."""
        category_id = kw.get("category")
        team_id = kw.get("team")
        try:
            category_id = int(category_id) if category_id else False
            team_id = int(team_id) if team_id else False
        except ValueError as error:
            raise PortalChoiceError(
                request.env._(
                    "Invalid category or team: go back to the form and choose them "
                    "from its lists."
                )
            ) from error
        if category_id and category_id not in self._get_categories().ids:
            raise PortalChoiceError(
                request.env._(
                    "This category cannot be chosen in the portal: go back to the "
                    "form and choose one from its list."
                )
            )
        if team_id and team_id not in self._get_teams().ids:
            raise PortalChoiceError(
                request.env._(
                    "This team cannot be chosen in the portal: go back to the form "
                    "and choose one from its list."
                )
            )

    @http.route()
    def submit_ticket(self, **kw):
        # A complaint filed in the portal is registered and acknowledged at once.
        request.update_context(complaint_auto_register=True)
        try:
            return super().submit_ticket(**kw)
        except PortalChoiceError as error:
            return request.render(
                "complaint_management.portal_ticket_refused",
                {"message": str(error)},
                status=400,
            )
