/** @odoo-module **/
/* From a complaint whose refund was accepted and credited, a manager follows
   the documents behind it: the credit note, back to the complaint, its
   invoice, and from the invoice its complaints. tests/test_bridge_account.py
   prepares the complaint; the server tests cover the refund flow itself
   (above the agent's limit, approved by a manager, accepted in the portal). */

import {registry} from "@web/core/registry";

const FORM = ".o_form_view";
const COMPLAINT = `${FORM}:has(.o_field_widget[name=complaint_ref]:contains(CMP/))`;

registry.category("web_tour.tours").add("complaint_management_account_credit_note", {
    steps: () => [
        {
            content: "The complaint shows its credit note as a smart button",
            trigger: `${COMPLAINT} button[name=action_view_complaint_credit_notes]:contains(1)`,
            run: "click",
        },
        {
            content: "The credit note opens, posted for the customer",
            trigger: `${FORM} .o_field_widget[name=partner_id]:contains(Rita Refund)`,
        },
        {
            trigger: `${FORM} .o_statusbar_status button[data-value=posted].o_arrow_button_current`,
        },
        {
            content: "From the credit note, back to its complaint",
            trigger: `${FORM} button[name=action_view_complaints]:contains(1)`,
            run: "click",
        },
        {
            content: "The complaint shows the invoice it is about",
            trigger: `${COMPLAINT} button[name=action_view_complaint_invoice]`,
            run: "click",
        },
        {
            content: "The invoice lists its complaints",
            trigger: `${FORM}:has(.o_field_widget[name=name]:contains(INV/)) button[name=action_view_complaints]:contains(1)`,
            run: "click",
        },
        {
            content: "Which opens the complaint",
            trigger: `${COMPLAINT} .o_field_widget[name=complaint_ref]`,
        },
    ],
});
