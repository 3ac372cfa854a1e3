package dev.blocklab.report;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Numbers as the report prints them: {@link Locale#ROOT}, three significant figures, "—" for no value. */
final class Fmt {
    static final String NONE = "—";

    private Fmt() {}

    /** Three significant figures, no exponent: 0.585, 17.9, 432, 7049. */
    static String num(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NONE;
        }
        double abs = Math.abs(value);
        if (abs >= 100 || abs == 0) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (abs >= 0.01) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** A goal as it was set: 3, 1.5 (no padding zeros). */
    static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String num(OptionalDouble value) {
        return value.isPresent() ? num(value.getAsDouble()) : NONE;
    }

    static String ms(double value) {
        return Double.isNaN(value) ? NONE : num(value) + " ms";
    }

    static String count(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : NONE;
    }

    /** A fraction as a percentage: 0.9112 -> 91.1%. */
    static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return NONE;
        }
        double p = 100 * fraction;
        return String.format(Locale.ROOT, Math.abs(p) >= 10 || p == 0 ? "%.0f%%" : Math.abs(p) >= 0.1 ? "%.1f%%" : "%.2f%%", p);
    }

    static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? percent(fraction.getAsDouble()) : NONE;
    }

    /** A signed relative change: +12.3%, -4.0%. */
    static String change(double relative) {
        if (Double.isNaN(relative) || Double.isInfinite(relative)) {
            return NONE;
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100 * relative);
    }

    static String bytes(double value) {
        if (Double.isNaN(value)) {
            return NONE;
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return num(value) + " " + units[unit];
    }

    /** A ratio as "12×" or "1.5×". */
    static String times(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? NONE : num(ratio) + "×";
    }

    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return NONE;
        }
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
