package dev.kintsugi.corpus.http;

/** Classifies HTTP status codes for the client's retry and logging logic. */
public class StatusClassifier {

    public enum Category { INFORMATIONAL, SUCCESS, REDIRECT, CLIENT_ERROR, SERVER_ERROR, UNKNOWN }

    public Category classify(int code) {
        Category category;
        switch (code / 100) {
            case 1:
                category = Category.INFORMATIONAL;
                break;
            case 2:
                category = Category.SUCCESS;
                break;
            case 3:
                category = Category.REDIRECT;
            case 4:
                category = Category.CLIENT_ERROR;
                break;
            case 5:
                category = Category.SERVER_ERROR;
                break;
            default:
                category = Category.UNKNOWN;
        }
        return category;
    }

    public boolean isRetryable(int code) {
        if (code == 429 || code == 408) {
            return true;
        }
        return classify(code) == Category.SERVER_ERROR && code != 501;
    }

    public boolean followsLocation(int code) {
        return classify(code) == Category.REDIRECT && code != 304;
    }

    public String describe(int code) {
        String name = classify(code).name().toLowerCase().replace('_', ' ');
        return code + " (" + name + ")";
    }
}
