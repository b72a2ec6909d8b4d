package dev.slicewise.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesTextAndAttributes() {
        // ">" needs no escape inside a quoted attribute (HTML spec); the encoder leaves it
        Html h = new Html();
        h.open("p", "title", "a\"b<c>&'").text("<b>x</b> & y").close("p");
        assertThat(h.toString()).isEqualTo("<p title=\"a&#34;b&lt;c>&amp;&#39;\">&lt;b&gt;x&lt;/b&gt; &amp; y</p>");
    }

    @Test
    void refusesMisnestedOrUnclosedElementsAndOddNames() {
        assertThatThrownBy(() -> new Html().open("div").open("p").close("div")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("<p> is open");
        assertThatThrownBy(() -> new Html().open("div").toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Html().open("div", "onclick=alert(1) x", "y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Html().open("div", "class")).isInstanceOf(IllegalArgumentException.class);
        // <span> is not void in HTML: written as <span ...> it would swallow the rest of the page
        assertThatThrownBy(() -> new Html().empty("span", "class", "swatch")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void svgChildrenSelfClose() {
        Html h = new Html();
        h.open("svg").empty("rect", "x", "1").close("svg").empty("br");
        assertThat(h.toString()).isEqualTo("<svg><rect x=\"1\"/></svg><br>");
    }
}
