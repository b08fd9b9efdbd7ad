/**
 * 填报员: answers a supervision task (督办事项) with the unit's feedback.
 *
 * Data (TestSupervisionTaskTour): a task assigned by the office to county A.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openApp, openMenu } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_supervision_task_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_supervision",
            "target_assessment.target_supervision_task_menu"
        ),
        {
            content: "The unit's assigned task is listed",
            trigger: ".o_data_row:contains(加快推进重点项目开工):contains(已交办) td[name='name']",
            run: "click",
        },
        {
            content: "Open the feedback tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name='feedback']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='feedback'] textarea",
            run: "edit 三个重点项目已全部开工。",
        },
        ...stepUtils.saveForm(),
        {
            content: "Answer the task",
            trigger: ".o_form_statusbar button[name='action_answer']:contains(提交反馈)",
            run: "click",
        },
        {
            content: "The task is answered",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已反馈)",
        },
    ],
});
