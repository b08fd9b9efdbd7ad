/**
 * (g) 组织部: opens a county secretary's assessment history in the Employees
 * app (two published years), then sets the 2026 final appraisal grade below
 * the suggestion, which the form refuses without a reason.
 *
 * Data (TestHrHistoryTour): 甲县书记 led 甲县 in 2025 (excellent, own goals
 * full: suggested 优秀) and in 2026 (good: suggested 称职), both published.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { screenshot } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_hr_history_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("hr.menu_hr_root", "Open Employees"),
        {
            content: "Find the county secretary",
            trigger: ".o_searchview_input",
            run: "edit 甲县书记",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_kanban_record:contains(甲县书记)",
            run: "click",
        },
        {
            content: "The form counts the assessments",
            trigger: ".oe_stat_button[name='action_view_target_results']:contains(2)",
        },
        {
            content: "Open the assessment history",
            trigger: ".o_notebook .nav-link:contains(历年考核情况)",
            run: "click",
        },
        {
            content: "Both years, latest first, with the unit's grade and the suggestion",
            trigger: ".o_field_widget[name='target_result_ids'] .o_data_row:first:contains(2026年度):contains(称职)",
        },
        {
            trigger: ".o_field_widget[name='target_result_ids'] .o_data_row:last:contains(2025年度):contains(优秀)",
        },
        screenshot("hr_1_history"),
        {
            content: "Open the results",
            trigger: ".oe_stat_button[name='action_view_target_results']",
            run: "click",
        },
        {
            content: "The list of the person's results",
            trigger: ".o_breadcrumb .active:contains(干部考核结果)",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(2026年度) td[name='unit_score']",
            run: "click",
        },
        {
            content: "The 2026 result, with HR's decision",
            trigger: ".o_form_view .o_field_widget[name='suggested_grade']:contains(称职)",
        },
        {
            content: "Final grade: 基本称职",
            trigger: ".o_field_widget[name='final_grade'] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(基本称职)",
            run: "click",
        },
        {
            content: "The choice is on the record (the reason becomes required) before saving",
            trigger: ".o_field_widget[name='final_grade'] input:value(基本称职)",
        },
        {
            trigger: ".o_field_widget.o_required_modifier[name='final_reason']",
        },
        {
            content: "Below the suggestion: the reason is required",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            trigger: ".o_field_widget.o_field_invalid[name='final_reason']",
        },
        {
            trigger: ".o_field_widget[name='final_reason'] textarea",
            run: "edit 年度内受到通报批评，履职尽责有差距。",
        },
        ...stepUtils.saveForm(),
        {
            content: "The appraisal grade follows HR's final grade",
            trigger: ".o_form_view .o_field_widget[name='grade']:contains(基本称职)",
        },
        {
            content: "Close the notice of the refused save, if still shown",
            trigger: "body",
            async run({ queryFirst, click }) {
                const close = queryFirst(".o_notification .o_notification_close");
                if (close) {
                    await click(close);
                }
            },
        },
        {
            trigger: "body:not(:has(.o_notification))",
        },
        screenshot("hr_2_final_grade"),
    ],
});
