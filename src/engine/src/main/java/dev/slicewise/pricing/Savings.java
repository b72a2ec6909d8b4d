package dev.slicewise.pricing;

/**
 * The money side of a recommendation: nodes × hourly price × hours per month, before and after.
 *
 * @param hoursPerMonth 730 by default (8,760 h / 12), user-changeable (the seeds used 720)
 * @param note          caveats, e.g. "spot pool: on-demand prices overstate the savings"; null when none
 */
public record Savings(Price price, double hoursPerMonth, int nodesBefore, int nodesAfter, double monthlyBefore,
                      double monthlyAfter, double monthlySavings, String note) {

    public static Savings of(Price price, double hoursPerMonth, int nodesBefore, int nodesAfter, String note) {
        double before = nodesBefore * price.usdPerHour() * hoursPerMonth;
        double after = nodesAfter * price.usdPerHour() * hoursPerMonth;
        return new Savings(price, hoursPerMonth, nodesBefore, nodesAfter, before, after, before - after, note);
    }
}
