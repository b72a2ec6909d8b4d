package dev.slicewise.report;

/** Unique element ids within one page (charts reference their titles with aria-labelledby). */
final class Ids {
    private int next;

    String next() {
        return "sw" + (++next);
    }
}
