package dev.kintsugi.corpus.ui;

/** Shortens labels so they fit into table cells and notification titles. */
public class TextAbbreviator {

    static final String ELLIPSIS = "...";

    /** At most maxLength characters; longer text ends with "...". */
    public String truncate(String text, int maxLength) {
        if (maxLength <= ELLIPSIS.length()) {
            throw new IllegalArgumentException("maxLength must exceed " + ELLIPSIS.length());
        }
        if (text.length() <= maxLength) {
            return text;
        }
        int keep = maxLength - ELLIPSIS.length() + 1;
        return text.substring(0, keep) + ELLIPSIS;
    }

    /** Keeps the start and the end of the text, e.g. for file paths. */
    public String middle(String text, int maxLength) {
        if (maxLength <= ELLIPSIS.length() + 1) {
            throw new IllegalArgumentException("maxLength too small: " + maxLength);
        }
        if (text.length() <= maxLength) {
            return text;
        }
        int available = maxLength - ELLIPSIS.length();
        int head = (available + 1) / 2;
        int tail = available - head;
        return text.substring(0, head) + ELLIPSIS + text.substring(text.length() - tail);
    }

    /** "Grace Brewster Hopper" -> "G. B. Hopper". */
    public String initials(String fullName) {
        String[] parts = fullName.trim().split("\\s+");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            out.append(Character.toUpperCase(parts[i].charAt(0))).append(". ");
        }
        return out.append(parts[parts.length - 1]).toString();
    }
}
