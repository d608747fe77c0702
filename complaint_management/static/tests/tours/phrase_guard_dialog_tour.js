/** @odoo-module **/
/* An agent answers a complaint from the chatter with a phrase to avoid: the
   message is stopped and the dialog says why ("Phrase to Avoid"), not
   "Invalid Operation". tests/test_polish.py opens the complaint's form. */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("complaint_management_phrase_guard_dialog", {
    steps: () => [
        {
            content: "Open the composer to the customer",
            trigger: ".o_form_view .o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "Write a phrase to avoid",
            trigger: ".o-mail-Composer-input",
            run: "edit Sorry, but YOU are... wrong!",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The dialog is titled for what stopped the message",
            trigger: ".modal .modal-title:contains(Phrase to Avoid)",
        },
        {
            content: "It explains what to do",
            trigger: ".modal .modal-body:contains(Before this goes to the customer)",
        },
        {
            content: "Close it",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The dialog is gone",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
