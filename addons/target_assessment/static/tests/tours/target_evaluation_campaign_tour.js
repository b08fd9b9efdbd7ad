/**
 * 满意度测评: a respondent answers the questionnaire from an invitation's link
 * as a public visitor; then the assessment office closes the campaign.
 *
 * Data (TestEvaluationCampaignTour): the 人大 campaign on 甲县 and 乙县, open,
 * with its anonymous invitations.
 */
import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_evaluation_campaign_answer_tour", {
    steps: () => [
        {
            content: "Start the questionnaire",
            trigger: ".o_survey_start button[value='start']:not(.disabled)",
            run: "click",
        },
        {
            content: "甲县: the first option (satisfied)",
            trigger: "div.js_question-wrapper:contains(甲县) label.o_survey_choice_btn:first",
            run: "click",
        },
        {
            content: "乙县: the second option (fairly satisfied)",
            trigger: "div.js_question-wrapper:contains(乙县) label.o_survey_choice_btn:eq(1)",
            run: "click",
        },
        screenshot("respondent_1_answers"),
        {
            content: "Submit",
            trigger: "button[value='finish']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button.btn-primary",
            run: "click",
        },
        {
            content: "Finished: no score, no results",
            trigger: ".o_survey_finished:not(:has(.o_survey_result))",
        },
    ],
});

registry.category("web_tour.tours").add("target_evaluation_campaign_close_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_evaluation_campaign_menu"
        ),
        {
            content: "Open the campaign",
            trigger: ".o_data_row:contains(人大满意度测评) td.o_data_cell:first",
            run: "click",
        },
        {
            content: "One response of 人大代表",
            trigger: ".o_field_widget[name='response_count']:contains(1)",
        },
        {
            content: "Close and score",
            trigger: "button[name='action_close']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Closed, with its results",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='closed']",
        },
        {
            trigger: ".o_notebook a[name='results'], .o_notebook .nav-link:contains(结果)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='special_evaluation_ids'] .o_data_row:contains(甲县)",
        },
        screenshot("office_7_campaign_closed"),
    ],
});
