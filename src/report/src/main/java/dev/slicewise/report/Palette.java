package dev.slicewise.report;

import java.util.List;

/**
 * The page's colours. Chart colours are the Okabe–Ito palette (distinguishable with the common colour-vision
 * deficiencies; Okabe &amp; Ito, "Color Universal Design", 2008); text colours are darker tones chosen for a WCAG 2
 * contrast of at least 4.5:1 on their background (checked by {@code PaletteTest}). Colour never carries meaning
 * alone: every badge has a word, every chart a title and a table.
 */
final class Palette {
    // text and surfaces
    static final String TEXT = "#1a1a1a";
    static final String MUTED = "#4a4a4a";
    static final String BACKGROUND = "#ffffff";
    static final String PANEL = "#f4f6f8";
    static final String RULE = "#8a8a8a";
    static final String LINK = "#005a8c";

    // Okabe–Ito
    static final String ORANGE = "#E69F00";
    static final String SKY_BLUE = "#56B4E9";
    static final String BLUISH_GREEN = "#009E73";
    static final String YELLOW = "#F0E442";
    static final String BLUE = "#0072B2";
    static final String VERMILLION = "#D55E00";
    static final String REDDISH_PURPLE = "#CC79A7";

    // chart roles
    static final String UTIL_LINE = BLUE;
    static final String UTIL_BAND = SKY_BLUE;
    static final String MEM_LINE = BLUISH_GREEN;
    static final String THRESHOLD = VERMILLION;
    /** vermillion darkened for text labels (the pure hue is 3.9:1 on white: fine for lines, too light for text) */
    static final String THRESHOLD_TEXT = "#a33a00";
    static final String MEM_TEXT = "#00694d";

    /** tenant fills in stacked bars, in order; neighbours also get a white gap so equal-looking hues still separate */
    static final List<String> TENANTS = List.of(SKY_BLUE, ORANGE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE);

    // controls and badges: {text, background}
    static final String[] APPROVE = {"#ffffff", "#00664a"};
    static final String[] REJECT = {"#a33a00", "#ffffff"};
    static final String[] BADGE_GOOD = {"#00523b", "#d5f2e8"};
    static final String[] BADGE_INFO = {"#00456b", "#dceefb"};
    static final String[] BADGE_WARN = {"#5c4600", "#fbf3c8"};
    static final String[] BADGE_BAD = {"#7a2e00", "#fbe3d3"};
    static final String[] BADGE_NEUTRAL = {"#3d3d3d", "#e8e8e8"};

    private Palette() {}

    static String tenant(int i) {
        return TENANTS.get(i % TENANTS.size());
    }

    /** Black or white, whichever reads better on {@code fill}. */
    static String textOn(String fill) {
        return contrast("#000000", fill) >= contrast("#ffffff", fill) ? "#000000" : "#ffffff";
    }

    /** WCAG 2 contrast ratio between two {@code #rrggbb} colours (1 … 21). */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int v) {
        double c = v / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** The custom properties the stylesheet uses, generated from the constants above so CSS and SVG agree. */
    static String cssVariables() {
        return ":root{--text:" + TEXT + ";--muted:" + MUTED + ";--bg:" + BACKGROUND + ";--panel:" + PANEL + ";--rule:" + RULE
                + ";--link:" + LINK + ";--approve-fg:" + APPROVE[0] + ";--approve-bg:" + APPROVE[1]
                + ";--reject-fg:" + REJECT[0] + ";--reject-bg:" + REJECT[1]
                + ";--good-fg:" + BADGE_GOOD[0] + ";--good-bg:" + BADGE_GOOD[1]
                + ";--info-fg:" + BADGE_INFO[0] + ";--info-bg:" + BADGE_INFO[1]
                + ";--warn-fg:" + BADGE_WARN[0] + ";--warn-bg:" + BADGE_WARN[1]
                + ";--bad-fg:" + BADGE_BAD[0] + ";--bad-bg:" + BADGE_BAD[1]
                + ";--neutral-fg:" + BADGE_NEUTRAL[0] + ";--neutral-bg:" + BADGE_NEUTRAL[1] + "}\n";
    }
}
