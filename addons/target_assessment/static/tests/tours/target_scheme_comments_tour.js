/**
 * The draft of a scheme for comments (征求意见稿): the office publishes it to the
 * units of its category, then a unit's clerk comments on it.
 *
 * Data (TestSchemeCommentsTour): the county scheme of 2027, a draft.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openApp, openMenu } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_scheme_publish_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_config",
            "target_assessment.target_scheme_menu"
        ),
        {
            content: "Open the draft scheme",
            trigger: ".o_data_row:contains(2027县区考核办法) td[name='name']",
            run: "click",
        },
        {
            content: "Publish it for comments",
            trigger: ".o_form_statusbar button[name='action_consult']:contains(发布征求意见稿)",
            run: "click",
        },
        {
            content: "It is open for comments",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(征求意见中)",
        },
    ],
});

registry.category("web_tour.tours").add("target_scheme_comment_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_goals",
            "target_assessment.target_scheme_menu_comments"
        ),
        {
            content: "Open the draft open for comments",
            trigger: ".o_data_row:contains(2027县区考核办法) td[name='name']",
            run: "click",
        },
        {
            content: "Comment on the draft",
            trigger: ".o_form_statusbar button[name='action_comment']:contains(提出意见)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='body'] textarea",
            run: "edit 建议将重点工作和项目权重提高到45分。",
        },
        {
            content: "Send the comment",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal .o_form_view))",
        },
    ],
});
