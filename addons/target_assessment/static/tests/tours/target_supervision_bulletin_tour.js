/**
 * 考核办主任: drafts a supervision bulletin (督查通报) from the data, submits it,
 * approves it as the head of the office and publishes it with its number.
 *
 * Data (TestSupervisionBulletinTour): the 2026 cycle with a red goal of county B.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openApp, openMenu } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_supervision_bulletin_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_supervision",
            "target_assessment.target_supervision_bulletin_menu"
        ),
        {
            content: "A new bulletin",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='period_number'] input",
            run: "edit 11",
        },
        ...stepUtils.saveForm(),
        {
            content: "Draft it from the data",
            trigger: ".o_form_statusbar button[name='action_draft_text']",
            run: "click",
        },
        {
            content: "The drafted text names the red goal",
            trigger: ".o_field_widget[name='body'] :contains(乙县红灯目标)",
        },
        {
            content: "Submit it for approval",
            trigger: ".o_form_statusbar button[name='action_submit']:contains(提交审批)",
            run: "click",
        },
        {
            content: "Approve it as the head of the office",
            trigger: ".alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            content: "Publish it",
            trigger: ".o_form_statusbar button[name='action_publish']",
            run: "click",
        },
        {
            content: "It is published with its number",
            trigger: ".o_field_widget[name='number']:contains(〔2026〕第1期)",
        },
    ],
});
