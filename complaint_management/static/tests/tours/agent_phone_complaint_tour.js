/** @odoo-module **/
/* An agent records a complaint taken by phone, registers it, assesses it as
   justified and offers a refund within their own approval limit. The names
   match tests/test_tours.py, which checks the records the tour leaves. */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const SUBJECT = "Phone: mouldy bread sold this morning";
const CUSTOMER = "Hannah Caller";
const COMPENSATIONS = ".o_field_widget[name=compensation_ids]";
const DIALOG = ".modal .o_form_view";

function pickInMany2one(fieldName, searchText, itemText) {
    return [
        {
            content: `Search ${searchText} in ${fieldName}`,
            trigger: `.o_form_view .o_field_widget[name=${fieldName}] input`,
            run: `edit ${searchText}`,
        },
        {
            content: `Choose ${itemText}`,
            trigger: `.o_field_widget[name=${fieldName}] .o-autocomplete--dropdown-item a:contains(${itemText})`,
            run: "click",
        },
    ];
}

function openTab(pageName) {
    return {
        content: `Open the ${pageName} tab`,
        trigger: `.o_form_view .o_notebook a.nav-link[name=${pageName}]`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("complaint_management_agent_phone_complaint", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "complaint_management.menu_complaint_app",
            "Open the Complaints app"
        ),
        {
            content: "Open the Complaints menu",
            trigger:
                '.o_main_navbar button[data-menu-xmlid="complaint_management.menu_complaint_root"]',
            run: "click",
        },
        {
            content: "Open All Complaints",
            trigger:
                '.dropdown-item[data-menu-xmlid="complaint_management.menu_complaint_all"]',
            run: "click",
        },
        {trigger: ".o_breadcrumb .active:contains(All Complaints)"},
        {
            content: "Switch to the list",
            trigger: ".o_control_panel button.o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Record a new complaint",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: `edit ${SUBJECT}`,
        },
        ...pickInMany2one("team_id", "Complaints", "Complaints"),
        ...pickInMany2one("channel_id", "Phone", "Phone"),
        ...pickInMany2one("partner_id", CUSTOMER, CUSTOMER),
        {
            content: "The contact's onchange is done: its e-mail is not asked again",
            trigger:
                ".o_form_view .o_form_sheet:not(:has(.o_field_widget[name=partner_email]))",
        },
        ...pickInMany2one("category_id", "Expired", "Expired or spoiled goods"),
        {
            content: "The customer's mood",
            trigger: ".o_form_view .o_field_widget[name=customer_mood] select",
            run: 'select "irritated"',
        },
        {
            content: "What the customer asks for",
            trigger:
                ".o_form_view .o_field_widget[name=complaint_remedy_sought] textarea",
            run: "edit Her money back for the loaf.",
        },
        openTab("description"),
        {
            content: "What happened",
            trigger:
                ".o_form_view .o_field_widget[name=description] .odoo-editor-editable .o-paragraph",
            run: "editor The loaf bought at 9am was mouldy inside.",
        },
        ...stepUtils.saveForm(),
        {
            content: "Register the complaint",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_complaint_register]",
            run: "click",
        },
        {
            content: "The complaint has its journal number",
            trigger: String.raw`.o_form_view .o_field_widget[name=complaint_ref]:contains(/^CMP.\d{4}.\d{5}$/)`,
        },
        {
            content: "and its response deadline",
            trigger: String.raw`.o_form_view .o_field_widget[name=complaint_deadline_date]:contains(/\d{4}/)`,
        },
        {trigger: ".o_form_view:not(:has(button[name=action_complaint_register]))"},
        openTab("complaint_assessment"),
        {
            content: "Assess it as justified",
            trigger:
                ".o_form_view .o_field_widget[name=complaint_assessment] input[data-value=justified]",
            run: "click",
        },
        {
            content: "Who was at fault",
            trigger: ".o_form_view .o_field_widget[name=complaint_fault] select",
            run: 'select "company"',
        },
        {
            content: "Explain the assessment",
            trigger:
                ".o_form_view .o_field_widget[name=complaint_assessment_note] textarea",
            run: "edit The batch was past its date; the shelf check was skipped.",
        },
        ...stepUtils.saveForm(),
        openTab("complaint_compensation"),
        {
            content: "Propose a compensation",
            trigger: `.o_form_view ${COMPENSATIONS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "A refund",
            trigger: `${DIALOG} .o_field_widget[name=compensation_type] select`,
            run: 'select "refund"',
        },
        {
            content: "within the agent's own limit",
            trigger: `${DIALOG} .o_field_widget[name=amount] input`,
            run: "edit 45",
        },
        {
            content: "The offer, in the customer's words",
            trigger: `${DIALOG} .o_field_widget[name=description] textarea`,
            run: "edit A full refund of the loaf and a voucher for your next visit.",
        },
        {
            content: "Save the compensation",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {trigger: "body:not(:has(.modal))"},
        // a line's buttons act on saved records only
        ...stepUtils.saveForm(),
        {
            content: "Submit it: within the agent's limit it is approved at once",
            trigger: `.o_form_view ${COMPENSATIONS} .o_data_row button[name=action_submit]`,
            run: "click",
        },
        {
            trigger: `.o_form_view ${COMPENSATIONS} .o_data_row .o_data_cell[name=state]:contains(Approved)`,
        },
        {
            content: "Send the offer to the customer",
            trigger: `.o_form_view ${COMPENSATIONS} .o_data_row button[name=action_offer]`,
            run: "click",
        },
        {
            content: "The offer is sent",
            trigger: `.o_form_view ${COMPENSATIONS} .o_data_row .o_data_cell[name=state]:contains(Offered)`,
        },
    ],
});
