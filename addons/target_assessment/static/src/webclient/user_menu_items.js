import { registry } from "@web/core/registry";

// The user menu of a government office's tool links to no vendor: Odoo's help
// pages and odoo.com account are in English and outside the office's network.
const items = registry.category("user_menuitems");
for (const id of ["support", "odoo_account"]) {
    if (items.contains(id)) {
        items.remove(id);
    }
}
