package dev.kintsugi.corpus.recurrence;

public enum Frequency {
    DAILY, WEEKLY, BIWEEKLY, MONTHLY, QUARTERLY, YEARLY
}
