/**
 * (a) 填报员: reports a month's progress with evidence and submits it.
 *
 * Data (TestProgressTour): county A's approved GDP goal (200 亿元) in an
 * executing cycle, its September report returned by the office.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    pickMany2one,
    screenshot,
    uploadText,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_progress_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_monitoring",
            "target_assessment.target_progress_menu_to_report"
        ),
        {
            content: "The list of what is to report shows the returned September report",
            trigger: ".o_breadcrumb:contains(待填报)",
        },
        {
            trigger: ".o_data_row:contains(2026-9):contains(已退回)",
        },
        screenshot("unit_user_1_to_report"),
        {
            content: "Report October: a new report",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pickMany2one("goal_id", "甲县地区生产总值"),
        {
            content: "The goal's onchange is back (its unit shown) before the period is picked",
            trigger: ".o_field_widget[name='unit_id']:contains(甲县)",
        },
        ...pickMany2one("period_id", "2026-10"),
        {
            trigger: ".o_field_widget[name='value'] input",
            run: "edit 160",
        },
        {
            content: "Open the narrative tab",
            trigger: ".o_notebook .nav-link:contains(情况说明)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='narrative'] textarea",
            run: "edit 前三季度重点项目投产，工业增加值增长较快。",
        },
        ...stepUtils.saveForm(),
        {
            content: "Saved as a draft",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(草稿)",
        },
        {
            content: "Open the evidence tab",
            trigger: ".o_notebook .nav-link:contains(佐证材料)",
            run: "click",
        },
        {
            content: "The upload button shows",
            trigger: ".o_field_many2many_binary .o_attach:visible",
        },
        uploadText(
            ".o_field_many2many_binary input[type='file']:not(:visible)",
            "十月统计台账.txt",
            "甲县2026年10月地区生产总值统计台账：累计160亿元。"
        ),
        {
            content: "The evidence is attached",
            trigger: ".o_field_many2many_binary .o_attachment:contains(十月统计台账)",
        },
        screenshot("unit_user_2_progress_form"),
        {
            content: "Submit the report",
            trigger: ".o_form_statusbar button[name='action_submit']:contains(提交)",
            run: "click",
        },
        {
            content: "The report is submitted and no longer editable",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button[name='action_submit']))",
        },
        screenshot("unit_user_3_submitted"),
    ],
});
