/** @odoo-module **/
/* An agent sends a holding reply on a PSD2 payment complaint: the wizard shows
   the regime's latest possible date, the agent promises an answer in twenty
   days and gives the reason. tests/test_regime_tours.py checks the clock. */

import {registry} from "@web/core/registry";

const DIALOG = ".modal .o_form_view";

function inDays(days) {
    const day = new Date();
    day.setDate(day.getDate() + days);
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(day.getMonth() + 1)}/${pad(day.getDate())}/${day.getFullYear()}`;
}

registry.category("web_tour.tours").add("complaint_management_holding_reply", {
    steps: () => [
        {
            content: "Send a holding reply",
            trigger: ".o_form_view button[name=action_complaint_holding_reply]",
            run: "click",
        },
        {
            content: "The regime's limit is shown",
            trigger: `${DIALOG} .o_field_widget[name=limit_date]:not(:empty)`,
        },
        {
            content: "Promise the answer in twenty days",
            trigger: `${DIALOG} .o_field_widget[name=new_date] input`,
            run: `edit ${inDays(20)}`,
        },
        {
            content: "Give the reason",
            trigger: `${DIALOG} .o_field_widget[name=reason] textarea`,
            run: "edit The merchant has not answered our chargeback yet.",
        },
        {
            content: "Tell the customer",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The new answer date is on the complaint",
            trigger: `.o_form_view .o_field_widget[name=complaint_deadline_date]:contains(${inDays(20)})`,
        },
    ],
});
