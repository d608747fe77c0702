# Copyright 2026 complaint_management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management",
    "summary": "Customer complaints on helpdesk tickets: journal, acknowledgement, "
    "response deadlines and assessment",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management contributors, Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/helpdesk",
    "maintainers": [],
    "development_status": "Beta",
    "depends": ["helpdesk_mgmt", "resource"],
    "data": [
        "security/complaint_security.xml",
        "data/ir_sequence_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/helpdesk_ticket_team_data.xml",
        "data/mail_template_data.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/complaint_demo.xml"],
    "installable": True,
}
