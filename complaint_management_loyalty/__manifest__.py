# Copyright 2026 complaint_management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management - Loyalty",
    "summary": "Store credit on the customer's eWallet or a gift card, and "
    "discount coupons, issued when the customer accepts a compensation",
    "version": "18.0.1.1.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management contributors, Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/helpdesk",
    "maintainers": [],
    "development_status": "Beta",
    "depends": ["complaint_management", "loyalty"],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "views/complaint_compensation_views.xml",
        "views/res_config_settings_views.xml",
        "views/complaint_portal_templates.xml",
    ],
    "demo": ["demo/loyalty_program_demo.xml"],
    "assets": {
        "web.assets_tests": ["complaint_management_loyalty/static/tests/tours/**/*"],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "auto_install": True,
}
