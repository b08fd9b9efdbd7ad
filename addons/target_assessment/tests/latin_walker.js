/**
 * Walks every menu of the Target Assessment app as the logged-in user and
 * reports the Latin-letter text shown (tests/test_no_english.py).
 *
 * Run by HttpCase.browser_js once the web client is mounted, with
 * ``ALLOWED`` (the words that may be shown in Latin letters: codes, units)
 * defined before this code. Every menu's action is opened; in a list or
 * kanban view the first record's form is opened too, with each of its
 * notebook pages; then the review inbox (the approvals' systray menu), the
 * user menu and its preferences, Discuss and the messages' and activities'
 * menus. The text read is what the user sees: the visible text of the page
 * (navbar, control panel, views, chatter, dialogs) and the placeholders of its
 * inputs. Logs one JSON line prefixed
 * ``latin-walker:`` with what was found, then the success signal.
 */
(async () => {
    const env = odoo.__WOWL_DEBUG__.root.env;
    const { action, menu: menus } = env.services;
    const allowed = new Set(ALLOWED);
    const found = [];
    const seen = new Set();
    const WORD = /[A-Za-z0-9][A-Za-z0-9_.\-/]*/g;
    // the fingerprints of scoring runs (sha256), shown to compare runs
    const DIGEST = /^[0-9a-f]{32,}$/;

    const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

    /** Resolves once the page has stopped changing (no pending RPC, same text twice). */
    async function settled() {
        let last = null;
        for (let i = 0; i < 100; i++) {
            await delay(100);
            const busy = document.querySelector(".o_loading_indicator, .o_view_nocontent_loading");
            const text = document.body.innerText;
            if (!busy && text === last) {
                return;
            }
            last = text;
        }
    }

    function visibleTexts() {
        const texts = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const value = node.nodeValue.trim();
            const parent = node.parentElement;
            if (!value || !parent || parent.closest("script, style, template, .o_tour_pointer")) {
                continue;
            }
            if (parent.checkVisibility && !parent.checkVisibility({ visibilityProperty: true })) {
                continue;
            }
            texts.push(value);
        }
        for (const input of document.querySelectorAll("[placeholder]")) {
            if (!input.checkVisibility || input.checkVisibility()) {
                texts.push(input.getAttribute("placeholder"));
            }
        }
        return texts;
    }

    function collect(where) {
        for (const text of visibleTexts()) {
            const words = (text.match(WORD) || []).filter(
                (word) =>
                    /[A-Za-z]/.test(word) &&
                    !allowed.has(word) &&
                    !allowed.has(word.replace(/[.\-/]+$/, "")) &&
                    !DIGEST.test(word)
            );
            if (!words.length) {
                continue;
            }
            // each text once, where it was first seen
            if (!seen.has(text)) {
                seen.add(text);
                found.push({ where, words, text: text.slice(0, 200) });
            }
        }
    }

    async function closeDialogs() {
        for (const button of document.querySelectorAll(".modal .btn-close")) {
            button.click();
        }
        await settled();
    }

    async function walkNotebook(where) {
        const tabs = [...document.querySelectorAll(".o_form_view .o_notebook_headers .nav-link")];
        for (const tab of tabs.slice(1)) {
            tab.click();
            await settled();
            collect(`${where} / ${tab.innerText.trim()}`);
        }
    }

    async function openFirstRecord(where) {
        let row = document.querySelector(".o_action_manager .o_data_row .o_data_cell");
        const group = document.querySelector(".o_action_manager .o_group_header");
        if (!row && group) {
            group.click();
            await settled();
            row = document.querySelector(".o_action_manager .o_data_row .o_data_cell");
        }
        if (!row) {
            row = document.querySelector(
                ".o_action_manager .o_kanban_record:not(.o_kanban_ghost):not(.o_kanban_quick_create)"
            );
        }
        if (!row) {
            return;
        }
        row.click();
        await settled();
        if (document.querySelector(".o_action_manager .o_form_view")) {
            collect(`${where} / 表单`);
            await walkNotebook(`${where} / 表单`);
        }
    }

    const root = menus.getAll().find((m) => m.xmlid === "target_assessment.target_assessment_menu_root");
    const items = [];
    const stack = [root.id];
    while (stack.length) {
        const item = menus.getMenu(stack.shift());
        if (item.actionID && item.id !== root.id) {
            items.push(item);
        }
        stack.push(...item.children);
    }
    await action.doAction(root.actionID, { clearBreadcrumbs: true });
    await settled();
    collect("首页");
    for (const item of items) {
        const where = item.xmlid || item.name;
        try {
            await closeDialogs();
            await action.doAction(item.actionID, { clearBreadcrumbs: true });
            await settled();
            collect(where);
            if (document.querySelector(".modal")) {
                await closeDialogs();
            } else {
                await openFirstRecord(where);
            }
        } catch (error) {
            found.push({ where, text: `(error) ${error && error.message}` });
        }
    }
    // the review inbox (base_tier_validation's systray menu) and its first group
    const inbox = document.querySelector(".o_menu_systray .fa-pencil-square-o");
    let inboxGroups = 0;
    if (inbox) {
        await closeDialogs();
        inbox.closest("button").click();
        await settled();
        collect("审批待办");
        const groups = document.querySelectorAll(".o-dropdown--menu .o-mail-ActivityGroup");
        inboxGroups = groups.length;
        const group = groups[0];
        if (group) {
            group.click();
            await settled();
            collect("审批待办 / 列表");
        }
    }
    // the top bar: the user menu and its preferences, Discuss (讯息) and the
    // messages' and activities' menus
    async function openTopBar(selector, where) {
        const toggler = document.querySelector(selector);
        if (!toggler) {
            return false;
        }
        await closeDialogs();
        document.body.click(); // closes an open dropdown
        await settled();
        toggler.click();
        await settled();
        collect(where);
        return true;
    }
    const userMenu = await openTopBar(".o_user_menu button", "用户菜单");
    const preferences = document.querySelector('.o-dropdown--menu [data-menu="preferences"]');
    if (preferences) {
        preferences.click();
        await settled();
        collect("用户菜单 / 偏好设置");
        await walkNotebook("用户菜单 / 偏好设置");
        await closeDialogs();
    }
    let discuss = false;
    try {
        await action.doAction("mail.action_discuss", { clearBreadcrumbs: true });
        await settled();
        collect("讯息");
        discuss = true;
    } catch (error) {
        found.push({ where: "讯息", text: `(error) ${error && error.message}` });
    }
    await openTopBar(".o_menu_systray .fa-comments", "消息菜单");
    await openTopBar(".o_menu_systray .fa-clock-o", "活动菜单");
    const summary = {
        menus: items.length,
        inbox: Boolean(inbox),
        inboxGroups,
        userMenu,
        preferences: Boolean(preferences),
        discuss,
        found,
    };
    console.log(`latin-walker:${JSON.stringify(summary)}`);
    console.log("test successful");
})();
