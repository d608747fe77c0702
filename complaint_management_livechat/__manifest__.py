# Copyright 2026 complaint_management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management - Live Chat",
    "summary": "Register complaints from live chat conversations: the "
    "operator's /complaint command and a chatbot step",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management contributors, Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/helpdesk",
    "maintainers": [],
    "development_status": "Beta",
    "depends": ["complaint_management", "im_livechat"],
    "data": [
        "security/discuss_channel_rules.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "views/discuss_channel_views.xml",
        "views/chatbot_script_step_views.xml",
        "views/helpdesk_ticket_views.xml",
    ],
    "demo": ["demo/chatbot_script_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "complaint_management_livechat/static/src/core/channel_commands.js",
        ],
    },
    "installable": True,
    "auto_install": True,
}
