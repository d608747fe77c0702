/** @odoo-module **/
/* An agent clicks New in the Complaints app: the kanban's columns are the
   lifecycle; the form is a complaint of the complaints desk, taken by phone,
   offering only complaint categories; once registered, the complaint is
   headed and named by its journal number. tests/test_tours.py checks the
   record the tour leaves. */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const SUBJECT = "Tour: lid of the jar would not close";
const CUSTOMER = "Margaret Hill";
const COMPLAINT_NUMBER = String.raw`/^CMP.\d{4}.\d{5}$/`;

registry.category("web_tour.tours").add("complaint_management_new_in_app", {
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
        {
            content: "The columns are the lifecycle, registered ones included",
            trigger:
                ".o_kanban_view .o_kanban_group .o_column_title:contains(Registered)",
        },
        {
            trigger:
                ".o_kanban_view .o_kanban_group .o_column_title:contains(Response Sent)",
        },
        {
            content: "A registered card shows the journal number",
            trigger:
                ".o_kanban_view .o_kanban_group:contains(Registered) .o_kanban_record:contains(CMP/):not(:contains(HT0))",
        },
        {
            content: "New",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "The new record says it is a complaint",
            trigger: ".o_breadcrumb .active:contains(New Complaint)",
        },
        {trigger: ".o_form_view h1:contains(New Complaint)"},
        {
            content: "of the complaints desk",
            trigger:
                ".o_form_view .o_field_widget[name=team_id] input:value(Complaints)",
        },
        {
            content: "taken by phone",
            trigger: ".o_form_view .o_field_widget[name=channel_id] input:value(Phone)",
        },
        {
            content: "Subject",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: `edit ${SUBJECT}`,
        },
        {
            content: "Search a customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: `edit ${CUSTOMER}`,
        },
        {
            content: "Choose the customer",
            trigger: `.o_field_widget[name=partner_id] .o-autocomplete--dropdown-item a:contains(${CUSTOMER})`,
            run: "click",
        },
        {
            content: "The contact's onchange is done: its e-mail is not asked again",
            trigger:
                ".o_form_view .o_form_sheet:not(:has(.o_field_widget[name=partner_email]))",
        },
        {
            content: "Search categories with an o, as in Software",
            trigger: ".o_form_view .o_field_widget[name=category_id] input",
            run: "edit o",
        },
        {
            content: "It offers complaint categories only, not the IT ones",
            trigger:
                ".o_field_widget[name=category_id] .o-autocomplete--dropdown-menu:has(.o-autocomplete--dropdown-item a:contains(Complaint:)):not(:has(a:contains(Software))):not(:has(a:contains(Wifi)))",
        },
        {
            content: "Search the category",
            trigger: ".o_form_view .o_field_widget[name=category_id] input",
            run: "edit Expired",
        },
        {
            content: "Choose it",
            trigger:
                ".o_field_widget[name=category_id] .o-autocomplete--dropdown-item a:contains(Expired or spoiled goods)",
            run: "click",
        },
        {
            content: "What happened",
            trigger:
                ".o_form_view .o_field_widget[name=description] .odoo-editor-editable .o-paragraph",
            run: "editor The lid of the jar bought on Monday would not close.",
        },
        ...stepUtils.saveForm(),
        {
            content: "Its status bar is the lifecycle: a draft",
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=draft].o_arrow_button_current",
        },
        {
            content: "Register the complaint",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_complaint_register]",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=registered].o_arrow_button_current",
        },
        {
            content: "The form is headed by the journal number",
            trigger: `.o_form_view h1 .o_field_widget[name=complaint_ref]:contains(${COMPLAINT_NUMBER})`,
        },
        {
            content: "and so is the breadcrumb",
            trigger: `.o_breadcrumb .active:contains(${SUBJECT}):contains(CMP/)`,
        },
    ],
});
