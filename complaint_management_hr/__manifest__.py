# Copyright 2026 complaint_management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management - Employees",
    "summary": "The employee a complaint concerns, as an HR employee",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management contributors, Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/helpdesk",
    "maintainers": [],
    "development_status": "Beta",
    "depends": ["complaint_management", "hr"],
    "data": ["views/helpdesk_ticket_views.xml"],
    "auto_install": True,
    "installable": True,
}
