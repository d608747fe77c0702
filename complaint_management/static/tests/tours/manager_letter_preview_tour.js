/** @odoo-module **/
/* A manager writes what the letter tells the customer, previews the exact
   letter and signs it. The letter shows the texts written for the customer,
   never the internal assessment note. tests/test_letter_tour.py prepares the
   assessed complaint and checks what the tour leaves. */

import {registry} from "@web/core/registry";

const SUMMARY = "You told us that the oven door cracked the first time you used it.";
const FINDINGS = "Our technician found a crack caused by a faulty hinge.";
const NOTE = "warehouse dropped the pallet";
const LETTER = ".o_action iframe:iframe .page";

registry.category("web_tour.tours").add("complaint_management_letter_preview", {
    steps: () => [
        {
            content: "Open the Written Response tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=complaint_response]",
            run: "click",
        },
        {
            content: "The tab says that its texts go to the customer",
            trigger:
                ".o_form_view [name=complaint_letter_notice]:contains(Sent to the customer)",
        },
        {
            content: "Restate the complaint for the customer",
            trigger:
                ".o_form_view .o_field_widget[name=complaint_customer_summary] textarea",
            run: `edit ${SUMMARY}`,
        },
        {
            content: "Write what was found, for the customer",
            trigger:
                ".o_form_view .o_field_widget[name=complaint_customer_findings] textarea",
            run: `edit ${FINDINGS}`,
        },
        {
            content: "Preview the letter before signing it",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_complaint_preview_response]",
            run: "click",
        },
        {
            content: "The letter tells the customer what they told us",
            trigger: `${LETTER}:contains(${SUMMARY})`,
        },
        {
            content: "and what we found",
            trigger: `${LETTER}:contains(${FINDINGS})`,
        },
        {
            content: "but not the internal note",
            trigger: `${LETTER}:contains(Our decision):not(:contains(${NOTE}))`,
        },
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a",
            run: "click",
        },
        {
            content: "Sign the response",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_complaint_sign_response]",
            run: "click",
        },
        {
            content: "The response is signed",
            trigger:
                ".o_form_view .o_field_widget[name=complaint_state]:contains(Response Signed)",
        },
    ],
});
