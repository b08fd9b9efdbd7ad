/**
 * 领导: lands on the leadership cockpit after login; its figures render over the
 * current cycle (the cycle filter opens on 2026年度).
 *
 * Data (TestCockpitTour): the reports' small city, in execution, with red
 * goals, a late report and the year-end ranking computed.
 */
import { registry } from "@web/core/registry";
import { screenshot } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_cockpit_tour", {
    steps: () => [
        {
            content: "The leader lands on the cockpit",
            trigger: ".o_spreadsheet_dashboard_action",
        },
        {
            content: "The cockpit is the dashboard shown",
            trigger: ".o_spreadsheet_dashboard_action .active:contains(领导驾驶舱)",
        },
        {
            content: "Its cycle filter is on the current cycle",
            trigger: ".o_spreadsheet_dashboard_action .o_searchview_facet:contains(2026年度)",
        },
        {
            content: "Its charts render",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
        },
        {
            content: "No error shown",
            trigger: "body:not(:has(.o_error_dialog))",
        },
        screenshot("leader_1_cockpit"),
    ],
});
