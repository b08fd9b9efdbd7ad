/**
 * (d) 指标考评部门: the statistics bureau scores its indicator (GDP) for every
 * unit from its worklist and submits each score.
 *
 * Data (TestAssessorTour): year-end evaluations of counties A and B, each
 * with a GDP line (A: target 200, reported 195; B: target 100, reported 102),
 * and county A's energy line, which the environment bureau scores.
 */
import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

function scoreLine(unit, value, score) {
    return [
        {
            content: `${unit}: the assessor's value`,
            trigger: `.o_data_row:contains(${unit}) td[name='assessor_value']`,
            run: "click",
        },
        {
            trigger: ".o_selected_row td[name='assessor_value'] input",
            run: `edit ${value}`,
        },
        {
            content: `${unit}: the assessor's score`,
            trigger: ".o_selected_row td[name='assessor_score'] input",
            run: `edit ${score}`,
        },
        {
            content: "Save the line",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: `${unit}'s line is saved with the score`,
            trigger: `.o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(${unit}) td[name='assessor_score']:contains(${score}.00)`,
        },
    ];
}

/** Open the indicator's group unless it is open already. */
function openGroup(name) {
    return {
        content: `Open the group ${name}`,
        trigger: `.o_group_header:contains(${name})`,
        async run({ click }) {
            if (!this.anchor.classList.contains("o_group_open")) {
                await click(this.anchor);
            }
        },
    };
}

function submitLine(unit) {
    return [
        {
            content: `Submit ${unit}'s score`,
            trigger: `.o_data_row:contains(${unit}) button[name='action_assessor_submit']`,
            run: "click",
        },
        {
            content: `${unit}'s line leaves the list of what is not submitted`,
            trigger: `.o_list_view:not(:has(.o_data_row:contains(${unit})))`,
        },
    ];
}

registry.category("web_tour.tours").add("target_assessor_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_evaluation_line_menu_to_score"
        ),
        {
            content: "The worklist: the bureau's indicator, grouped, not yet submitted",
            trigger: ".o_facet_value:contains(未提交)",
        },
        {
            trigger: ".o_group_header:contains(地区生产总值):contains(2)",
        },
        openGroup("地区生产总值"),
        {
            content: "Both counties' GDP lines, and no line of another bureau",
            trigger: ".o_data_row:contains(甲县):contains(195)",
        },
        {
            trigger: ".o_data_row:contains(乙县):contains(102)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_group_header:contains(能源消费总量)))",
        },
        ...scoreLine("甲县", "190", "19"),
        ...scoreLine("乙县", "102", "20"),
        screenshot("assessor_1_worklist"),
        ...submitLine("甲县"),
        ...submitLine("乙县"),
        {
            content: "Nothing left to score",
            trigger: ".o_list_view:not(:has(.o_data_row))",
        },
        {
            content: "Show the submitted lines",
            trigger: ".o_facet_value:contains(未提交)",
        },
        {
            trigger: ".o_searchview_facet:contains(未提交) .o_facet_remove",
            run: "click",
        },
        {
            trigger: ".o_searchview:not(:has(.o_facet_value:contains(未提交)))",
        },
        openGroup("地区生产总值"),
        {
            trigger: ".o_data_row:contains(甲县):contains(190)",
        },
        screenshot("assessor_2_submitted"),
    ],
});
