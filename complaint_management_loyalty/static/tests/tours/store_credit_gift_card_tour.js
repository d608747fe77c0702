/** @odoo-module **/
/* An agent turns a store credit into a gift card, gets it approved within
   their own limit, offers it and records the customer's acceptance: the code
   shows on the compensation. tests/test_bridge_loyalty.py prepares the draft
   compensation and checks the card the tour leaves. */

import {registry} from "@web/core/registry";

const PROGRAM = ".o_form_view .o_field_widget[name=loyalty_program_id]";
const DROPDOWN = ".o-autocomplete--dropdown-menu";

registry.category("web_tour.tours").add("complaint_management_loyalty_gift_card", {
    steps: () => [
        {
            content: "The company's eWallet is proposed for store credit",
            trigger: `${PROGRAM} input:value(Tour eWallet)`,
        },
        {
            content: "Open the program list",
            trigger: `${PROGRAM} input`,
            run: "click",
        },
        {
            content: "Store credit offers eWallets and gift cards, not coupons",
            trigger: `${DROPDOWN}:has(a:contains(Tour gift cards)):not(:has(a:contains(Tour coupons)))`,
        },
        {
            content: "Choose the gift card program",
            trigger: `${DROPDOWN} a:contains(Tour gift cards)`,
            run: "click",
        },
        {trigger: `${PROGRAM} input:value(Tour gift cards)`},
        {
            content: "Submit it, within the agent's own limit",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "Offer it to the customer",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_offer]",
            run: "click",
        },
        {
            content: "The customer accepted on the phone",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_accept]",
            run: "click",
        },
        {
            content: "The gift card is issued and the compensation delivered",
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
        {trigger: ".o_form_view .o_field_widget[name=loyalty_code] span:contains(044)"},
        {
            trigger:
                ".o_form_view .o_field_widget[name=loyalty_code_status]:contains(Valid)",
        },
        {
            content: "No Cancel button once the code is issued",
            trigger:
                ".o_form_view .o_form_statusbar:not(:has(button[name=action_cancel]))",
        },
    ],
});
