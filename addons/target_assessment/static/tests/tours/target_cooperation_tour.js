/**
 * 配合单位: a cooperating unit's clerk opens the shared goal, reports the
 * progress of its unit's part and sees the share of the points it counts.
 *
 * Data (TestCooperationTour): county A's approved GDP goal (100 亿元, 30
 * points) in an executing cycle, shared with the statistics bureau (30 % of
 * the work, 20 % of the points: the county scheme shares them); the office
 * has previewed the mid-year scores.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    pickMany2one,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_cooperation_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu("target_assessment.target_assessment_menu_goals", "target_assessment.target_goal_menu"),
        {
            content: "The goal the bureau cooperates on is in its list",
            trigger: ".o_data_row:contains(甲县 地区生产总值（共建）) td.o_data_cell",
            run: "click",
        },
        {
            content: "The goal is county A's",
            trigger: ".o_form_view .o_field_widget[name='unit_id']:contains(甲县)",
        },
        {
            content: "Open the cooperating units",
            trigger: ".o_notebook .nav-link:contains(配合单位)",
            run: "click",
        },
        {
            content: "The bureau's part: 30 % of the work (30 亿元), 20 % of the points",
            trigger:
                ".o_field_widget[name='cooperation_ids'] .o_data_row:contains(统计局):contains(30.00):contains(20.00)",
        },
        screenshot("cooperation_1_shared_goal"),
        ...openMenu(
            "target_assessment.target_assessment_menu_monitoring",
            "target_assessment.target_progress_menu_to_report"
        ),
        {
            content: "The list of what is to report is shown",
            trigger: ".o_breadcrumb:contains(待填报)",
        },
        {
            content: "Report the bureau's part: a new report",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pickMany2one("goal_id", "甲县 地区生产总值（共建）"),
        {
            content: "The goal's onchange is back (its unit shown) before the part is picked",
            trigger: ".o_field_widget[name='unit_id']:contains(甲县)",
        },
        ...pickMany2one("cooperation_id", "统计局"),
        ...pickMany2one("period_id", "2026-10"),
        {
            trigger: ".o_field_widget[name='value'] input",
            run: "edit 25",
        },
        ...stepUtils.saveForm(),
        {
            content: "Submit the report",
            trigger: ".o_form_statusbar button[name='action_submit']:contains(提交)",
            run: "click",
        },
        {
            content: "The report is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        screenshot("cooperation_2_part_reported"),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_evaluation_menu"
        ),
        {
            content: "The bureau's mid-year evaluation",
            trigger: ".o_data_row:contains(统计局):contains(半年) td.o_data_cell",
            run: "click",
        },
        {
            content: "Its line of county A's goal: led by 甲县, 20 % of the points counted",
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row:contains(地区生产总值（共建）):contains(甲县):contains(20.00)",
        },
        screenshot("cooperation_3_shared_line"),
    ],
});
