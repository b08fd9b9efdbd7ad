/**
 * Steps shared by the target_assessment tours: menus, screenshots, file uploads.
 *
 * The tours run in zh_CN: triggers find elements by technical names (menu
 * xmlids, field names, button names) and the checks read the Chinese labels
 * the user sees.
 */
import { rpc } from "@web/core/network/rpc";
import { stepUtils } from "@web_tour/tour_utils";

// Read by TourCase (tests/test_tours.py): the test takes a screenshot of the
// page when a step logs this prefix and the name, then answers the page by
// setting window.__targetScreenshot to the name.
const SCREENSHOT_MARK = "target-assessment-screenshot:";

/** The action shown (a new element for every action loaded). */
function currentAction() {
    return document.querySelector(".o_action_manager > .o_action");
}

/**
 * Wait until the page the user lands on after login has loaded (the cockpit's
 * spreadsheet takes a while): an action opened from the top bar before then
 * would be replaced by the landing page still loading.
 */
export function landed() {
    return {
        content: "The user's landing page has loaded",
        trigger: ".o_action_manager > .o_action .o_control_panel",
    };
}

/** Open the Target Assessment app and wait for the user's landing page. */
export function openApp() {
    return [
        ...stepUtils.goToAppSteps(
            "target_assessment.target_assessment_menu_root",
            "Open Target Assessment"
        ),
        {
            content: "The landing page of the user's role is shown",
            trigger: ".o_action_manager > .o_action .o_control_panel",
        },
    ];
}

/**
 * Open a top menu section, then one of its items, and wait until the item's
 * action has replaced the page shown before, or opened its dialog (the app
 * tile may have landed on the same action: the next steps must not act on the
 * page being replaced).
 */
export function openMenu(section, item) {
    return [
        {
            content: `Open the menu ${section}`,
            trigger: `.o_main_navbar [data-menu-xmlid='${section}']`,
            run: "click",
        },
        {
            content: `Click ${item}`,
            trigger: `.o-dropdown-item[data-menu-xmlid='${item}']`,
            async run({ click, waitUntil }) {
                const before = currentAction();
                await click(this.anchor);
                // a window action replaces the page; a wizard opens in a dialog
                await waitUntil(
                    () =>
                        document.querySelector(".modal .o_form_view") ||
                        (currentAction() && currentAction() !== before),
                    { timeout: 10000 }
                );
            },
        },
    ];
}

/**
 * A screenshot of the page as it is once ``trigger`` shows. The test saves
 * it as ``name``.png when screenshots are asked for; the tour waits until the
 * test has answered either way.
 */
export function screenshot(name, trigger = "body") {
    return {
        content: `Screenshot ${name}`,
        trigger,
        async run({ waitUntil }) {
            // let transitions and late renders settle
            await new Promise((resolve) => setTimeout(resolve, 400));
            console.log(`${SCREENSHOT_MARK}${name}`);
            await waitUntil(() => window.__targetScreenshot === name, { timeout: 30000 });
        },
    };
}

/**
 * Put a file into the file input found by ``trigger``, as a user choosing it
 * in the file dialog does. The file's bytes come from the attachment named
 * ``attachmentName`` (prepared by the test) and are downloaded by the browser.
 */
export function uploadAttachment(trigger, attachmentName, fileName) {
    return {
        content: `Choose the file ${fileName}`,
        trigger,
        async run() {
            const records = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
                model: "ir.attachment",
                method: "search_read",
                args: [[["name", "=", attachmentName]], ["id", "mimetype"]],
                kwargs: { limit: 1, order: "id desc" },
            });
            if (!records.length) {
                throw new Error(`No attachment named ${attachmentName} to upload`);
            }
            const response = await fetch(`/web/content/${records[0].id}?download=true`);
            const blob = await response.blob();
            const file = new File([blob], fileName, { type: records[0].mimetype });
            const transfer = new DataTransfer();
            transfer.items.add(file);
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

/** A text file, as a user picks one from disk. */
export function uploadText(trigger, fileName, text) {
    return {
        content: `Choose the file ${fileName}`,
        trigger,
        run() {
            const file = new File([text], fileName, { type: "text/plain" });
            const transfer = new DataTransfer();
            transfer.items.add(file);
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

/** Pick ``text`` in a many2one field named ``field`` by typing ``search``. */
export function pickMany2one(field, search, text = search) {
    return [
        {
            content: `Type ${search} in ${field}`,
            trigger: `.o_field_widget[name='${field}'] input`,
            run: `edit ${search}`,
        },
        {
            content: `Pick ${text}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains(${text})`,
            run: "click",
        },
    ];
}
