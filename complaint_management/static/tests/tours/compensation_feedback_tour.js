/** @odoo-module **/
/* A manager opens a complaint whose compensation awaits approval: the list
   says who must approve and the figures keep it apart from what is granted.
   Approving and offering from the complaint each show a notification and a
   line on the complaint's chatter. tests/test_compensation_feedback.py
   prepares the complaint and checks what the tour leaves. */

import {registry} from "@web/core/registry";

const FORM = ".o_form_view";
const ROW = `${FORM} .o_field_widget[name=compensation_ids] .o_data_row`;

function figure(fieldName, value) {
    return {
        content: `${fieldName} reads ${value}`,
        trigger: `${FORM} .o_field_widget[name=${fieldName}]:contains(${value})`,
    };
}

registry.category("web_tour.tours").add("complaint_management_compensation_feedback", {
    steps: () => [
        {
            content: "Open the Compensation tab",
            trigger: `${FORM} .o_notebook a.nav-link[name=complaint_compensation]`,
            run: "click",
        },
        {
            content: "The list says who must approve",
            trigger: `${ROW} .o_data_cell[name=approver_names]:contains(Mitchell Admin)`,
        },
        figure("compensation_to_approve_amount", "250.00"),
        figure("compensation_granted_amount", "0.00"),
        {
            content: "Approve it from the complaint",
            trigger: `${ROW} button[name=action_approve]`,
            run: "click",
        },
        {
            content: "A notification says it is approved",
            trigger: ".o_notification:contains(is approved)",
        },
        {trigger: `${ROW} .o_data_cell[name=state]:contains(Approved)`},
        figure("compensation_approved_amount", "250.00"),
        figure("compensation_to_approve_amount", "0.00"),
        {
            content: "The complaint's chatter has the approval",
            trigger: ".o-mail-Message:contains(approved by Mitchell Admin)",
        },
        {
            content: "Offer it",
            trigger: `${ROW} button[name=action_offer]`,
            run: "click",
        },
        {
            content: "A notification says it is offered",
            trigger: ".o_notification:contains(the offer was mailed)",
        },
        {trigger: `${ROW} .o_data_cell[name=state]:contains(Offered)`},
        figure("compensation_offered_amount", "250.00"),
        figure("compensation_approved_amount", "0.00"),
    ],
});
