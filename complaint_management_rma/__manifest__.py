# Copyright 2026 complaint_management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management - Returns",
    "summary": "Replacements and repairs granted on a complaint run as OCA RMAs: "
    "the lot or serial concerned, its warranty, the goods moving and their value",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management contributors, Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/helpdesk",
    "maintainers": [],
    "development_status": "Beta",
    "depends": ["complaint_management_sale", "sale_stock", "rma"],
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_rma_rules.xml",
        "data/mail_template_data.xml",
        "views/complaint_compensation_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/product_category_views.xml",
        "views/rma_views.xml",
        "views/helpdesk_portal_templates.xml",
    ],
    "auto_install": True,
    "installable": True,
}
