package dev.slicewise.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PaletteTest {
    @Test
    void contrastFollowsWcag() {
        assertThat(Palette.contrast("#000000", "#ffffff")).isCloseTo(21, within(1e-9));
        // #0072B2 on white, by hand: L = 0.7152 × 0.1683 + 0.0722 × 0.4452 = 0.1525 → 1.05 / 0.2025 = 5.19
        assertThat(Palette.contrast(Palette.BLUE, "#ffffff")).isCloseTo(5.19, within(0.02));
    }

    @Test
    void textMeetsAaOnItsBackgrounds() {
        String[][] pairs = {
                {Palette.TEXT, Palette.BACKGROUND}, {Palette.TEXT, Palette.PANEL}, {Palette.MUTED, Palette.BACKGROUND},
                {Palette.MUTED, Palette.PANEL}, {Palette.LINK, Palette.BACKGROUND}, {Palette.LINK, Palette.PANEL},
                {Palette.THRESHOLD_TEXT, Palette.PANEL}, {Palette.THRESHOLD_TEXT, Palette.BACKGROUND}, {Palette.MEM_TEXT, Palette.PANEL},
                Palette.APPROVE, Palette.REJECT, Palette.BADGE_GOOD, Palette.BADGE_INFO, Palette.BADGE_WARN, Palette.BADGE_BAD,
                Palette.BADGE_NEUTRAL, {Palette.BADGE_WARN[0], Palette.BADGE_WARN[1]}, {Palette.BADGE_INFO[0], Palette.BADGE_INFO[1]}};
        for (String[] p : pairs) assertThat(Palette.contrast(p[0], p[1])).as(p[0] + " on " + p[1]).isGreaterThanOrEqualTo(4.5);
    }

    @Test
    void chartLinesStandOutFromThePlotBackground() {
        // WCAG 1.4.11: graphical objects need 3:1
        for (String line : new String[] {Palette.UTIL_LINE, Palette.MEM_LINE, Palette.THRESHOLD, Palette.TEXT}) {
            assertThat(Palette.contrast(line, Palette.PANEL)).as(line).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void labelsInsideTenantBarsAreReadable() {
        for (String fill : Palette.TENANTS) {
            assertThat(Palette.contrast(Palette.textOn(fill), fill)).as(fill).isGreaterThanOrEqualTo(4.5);
        }
        assertThat(Palette.textOn(Palette.BLUE)).isEqualTo("#ffffff");
        assertThat(Palette.textOn(Palette.YELLOW)).isEqualTo("#000000");
    }
}
