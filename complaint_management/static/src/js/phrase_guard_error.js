import {WarningDialog, odooExceptionTitleMap} from "@web/core/errors/error_dialogs";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

// The server's PhraseGuardError (complaint_management/exceptions.py): the
// warning dialog, titled for what stopped the message.
const PHRASE_GUARD_ERROR =
    "odoo.addons.complaint_management.exceptions.PhraseGuardError";

odooExceptionTitleMap.set(PHRASE_GUARD_ERROR, _t("Phrase to Avoid"));
registry.category("error_dialogs").add(PHRASE_GUARD_ERROR, WarningDialog);
