# Copyright 2026 complaint_management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management - Sales",
    "summary": "The sale order and line behind a complaint: the product, quantity, "
    "price paid and invoice come from the order",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management contributors, Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/helpdesk",
    "maintainers": [],
    "development_status": "Beta",
    "depends": ["complaint_management_account", "sale"],
    "data": [
        "security/ir.model.access.csv",
        "views/helpdesk_ticket_views.xml",
        "views/sale_order_views.xml",
        "views/helpdesk_portal_templates.xml",
    ],
    "auto_install": True,
    "installable": True,
}
