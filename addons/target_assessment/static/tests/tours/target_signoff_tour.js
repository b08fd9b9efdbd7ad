/**
 * (f) 考核领导小组: the leader reads the results the office submitted and
 * signs the cycle off (审定) from the reviews inbox; the publicity opens.
 *
 * Data (TestSignoffTour): three counties scored (乙县 1st, 丙县 2nd, 甲县
 * 3rd); the office has submitted the cycle for sign-off.
 */
import { registry } from "@web/core/registry";
import { landed, screenshot } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_signoff_tour", {
    steps: () => [
        landed(),
        {
            content: "The reviews inbox in the top bar counts one pending review",
            trigger: ".o_menu_systray .o-dropdown:has(.fa-pencil-square-o) .badge:contains(1)",
        },
        {
            content: "Open the reviews inbox",
            trigger: ".o_menu_systray .o-dropdown:has(.fa-pencil-square-o)",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityGroup[data-model_name='target.cycle']",
            run: "click",
        },
        {
            content: "Open the cycle",
            trigger: ".o_kanban_record:contains(2026年度)",
            run: "click",
        },
        {
            content: "Submitted for final sign-off",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(审定)",
        },
        {
            content: "Read the results first",
            trigger: ".oe_stat_button[name='action_view_evaluations']",
            run: "click",
        },
        {
            content: "The ranking of the counties",
            trigger: ".o_group_header:contains(县区)",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(乙县)",
        },
        {
            trigger: ".o_data_row:contains(甲县)",
        },
        screenshot("leader_1_results"),
        {
            content: "Back to the cycle",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(2026年度)",
            run: "click",
        },
        {
            trigger: ".alert-warning button[name='validate_tier']",
        },
        screenshot("leader_2_signoff"),
        {
            content: "Sign off",
            trigger: ".alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            content: "The results are signed off: the publicity period begins",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(公示与申诉)",
        },
        {
            trigger: ".o_field_widget[name='publicity_end']:not(:empty)",
        },
        screenshot("leader_3_publicity"),
    ],
});
