/**
 * 考核办: draws a spot check (抽查), assigns an inspector and starts it.
 *
 * Data (TestSpotCheckTour): three approved goals of county B; an inspector of
 * the environment bureau.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    pickMany2one,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_spot_check_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_supervision",
            "target_assessment.target_spot_check_menu"
        ),
        {
            content: "A new spot check",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='name'] input",
            run: "edit 十二月目标任务抽查",
        },
        ...pickMany2one("cycle_id", "2026年度"),
        {
            trigger: ".o_field_widget[name='sample_size'] input",
            run: "edit 2",
        },
        ...stepUtils.saveForm(),
        {
            content: "Draw the sample",
            trigger: ".o_form_statusbar button[name='action_draw']:contains(抽样)",
            run: "click",
        },
        {
            content: "The sample is drawn",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已抽样)",
        },
        ...pickMany2one("inspector_ids", "环保局督查员"),
        ...stepUtils.saveForm(),
        {
            content: "Start the check",
            trigger: ".o_form_statusbar button[name='action_start']:contains(开始抽查)",
            run: "click",
        },
        {
            content: "The check is in progress",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(进行中)",
        },
    ],
});
