# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_hr_employee_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="hr.employee",
        string="Employee Concerned (HR)",
        compute="_compute_complaint_hr_employee_id",
        inverse="_inverse_complaint_hr_employee_id",
        store=True,
        index="btree_not_null",
        check_company=True,
        help="The employee record of the employee concerned: chosen here, it "
        "sets the user; the user chosen sets it.",
    )

    @api.depends("complaint_employee_id", "company_id")
    def _compute_complaint_hr_employee_id(self):
        for ticket in self:
            user = ticket.complaint_employee_id
            if ticket.complaint_hr_employee_id.user_id == user and user:
                continue
            # sudo: a user's employee records are HR data; only the one of
            # the complaint's company is linked
            employees = user.sudo().employee_ids
            ticket.complaint_hr_employee_id = (
                employees.filtered(lambda e, t=ticket: e.company_id == t.company_id)
                or employees
            )[:1].with_env(self.env)

    def _inverse_complaint_hr_employee_id(self):
        for ticket in self:
            employee = ticket.complaint_hr_employee_id
            # sudo: the employee's user, read to name the employee concerned
            user = employee.sudo().user_id
            if employee and user and user != ticket.complaint_employee_id:
                ticket.complaint_employee_id = user
