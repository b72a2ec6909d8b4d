package dev.slicewise.approve;

/** The small pages around the review page: refusals, confirmations. Self-contained, escaped, no scripts. */
public final class StatusPages {
    private StatusPages() {}

    public static String page(String title, String message) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<title>" + escape(title) + " · Slicewise</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2933}"
                + "h1{font-size:1.4rem}</style></head><body><h1 id=\"title\">" + escape(title) + "</h1><p id=\"message\">"
                + escape(message) + "</p></body></html>\n";
    }

    /** HTML text and attribute escaping (the five characters that matter in both contexts). */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
