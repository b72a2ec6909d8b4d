package dev.slicewise.apply;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Kubernetes syntax rules the API server would enforce, checked before anything is sent. */
final class KubeNames {
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
    private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
    // the pattern the NodePool/NodeOverlay CRDs put on quantities (resource.Quantity's canonical grammar)
    private static final Pattern QUANTITY = Pattern.compile(
            "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$");

    private KubeNames() {}

    /** Problems with a label key/value pair, empty when valid. */
    static List<String> labelProblems(String key, String value) {
        List<String> problems = new ArrayList<>();
        if (key == null || key.isEmpty()) {
            problems.add("empty label key");
            return problems;
        }
        String[] parts = key.split("/", -1);
        if (parts.length > 2) problems.add("label key '" + key + "' has more than one '/'");
        String name = parts[parts.length - 1];
        if (parts.length == 2 && (parts[0].length() > 253 || !DNS_SUBDOMAIN.matcher(parts[0]).matches())) {
            problems.add("label key prefix '" + parts[0] + "' is not a DNS subdomain");
        }
        if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            problems.add("label key name '" + name + "' must be <= 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric");
        }
        if (value == null) {
            problems.add("label '" + key + "' has no value");
        } else if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            problems.add("label value '" + value + "' of '" + key + "' must be <= 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric");
        }
        return problems;
    }

    static boolean validConfigMapKey(String key) {
        return key != null && key.length() <= 253 && CONFIG_MAP_KEY.matcher(key).matches();
    }

    static boolean validObjectName(String name) {
        return name != null && name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
    }

    /** A Kubernetes quantity as the CRDs accept it ({@code "64"}, {@code "1.5"}, {@code "100Gi"}), or an explanation. */
    static String quantityProblem(String resource, String value) {
        if (value == null || !QUANTITY.matcher(value).matches()) {
            return "'" + value + "' for " + resource + " is not a Kubernetes quantity";
        }
        try {
            if (Quantity.getAmountInBytes(new Quantity(value)).signum() < 0) return "'" + value + "' for " + resource + " is negative";
        } catch (IllegalArgumentException | ArithmeticException e) {
            return "'" + value + "' for " + resource + " is not a Kubernetes quantity: " + e.getMessage();
        }
        return null;
    }

    /** The numeric value of a quantity ({@code "2k"} = 2000). */
    static BigDecimal amount(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }
}
