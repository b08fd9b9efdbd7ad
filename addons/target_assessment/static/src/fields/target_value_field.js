import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";
import { formatFloat } from "@web/views/fields/formatters";

/**
 * A target, actual or expected value, shown with its indicator's decimals
 * (亿元 2, % 1, 个 0) instead of the field's four. The decimals come from a
 * field of the same record, `decimals` unless the option `decimals_field`
 * names another; while that field is not loaded, the float field's own
 * formatting applies. Being entered, a value keeps the field's precision
 * without trailing zeros (5.25 stays 5.25 on a one-decimal rate).
 *
 *     <field name="decimals" column_invisible="1" />
 *     <field name="target_value" widget="target_value" />
 */
export class TargetValueField extends FloatField {
    static props = {
        ...FloatField.props,
        decimalsField: { type: String, optional: true },
    };

    get formattedValue() {
        const decimals = this.props.record.data[this.props.decimalsField || "decimals"];
        if (!this.props.formatNumber || !Number.isInteger(decimals)) {
            return super.formattedValue;
        }
        const field = this.props.record.fields[this.props.name];
        if (this.props.readonly) {
            return formatFloat(this.value, { digits: [16, decimals], field });
        }
        return formatFloat(this.value, { digits: this.props.digits, field, trailingZeros: false });
    }
}

export const targetValueField = {
    ...floatField,
    component: TargetValueField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...floatField.extractProps(fieldInfo, dynamicInfo),
        decimalsField: fieldInfo.options.decimals_field,
    }),
};

registry.category("fields").add("target_value", targetValueField);
