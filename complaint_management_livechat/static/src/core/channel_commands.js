/** @odoo-module */
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

registry.category("discuss.channel_commands").add("complaint", {
    channel_types: ["livechat"],
    help: _t("Register a complaint (/complaint [e-mail] what happened)"),
    methodName: "execute_command_complaint",
});
