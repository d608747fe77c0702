# Copyright 2026 complaint_management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management - Invoicing",
    "summary": "The invoice behind a complaint; refunds and discounts issued as "
    "credit notes when the customer accepts them",
    "version": "18.0.2.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management contributors, Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/helpdesk",
    "maintainers": [],
    "development_status": "Beta",
    "depends": ["complaint_management", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_account_rules.xml",
        "security/complaint_account_supplier_claim_rules.xml",
        "data/mail_template_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/complaint_compensation_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "views/complaint_supplier_claim_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["complaint_management_account/static/tests/tours/**/*"],
    },
    "auto_install": True,
    "installable": True,
}
