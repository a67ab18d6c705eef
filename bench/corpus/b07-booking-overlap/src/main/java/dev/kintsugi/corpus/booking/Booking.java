package dev.kintsugi.corpus.booking;

import java.time.LocalDateTime;

/** A meeting-room booking over the half-open interval [start, end). */
public record Booking(String room, String organizer, LocalDateTime start, LocalDateTime end) {

    public Booking {
        if (room == null || room.isBlank()) {
            throw new IllegalArgumentException("room is required");
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("booking must end after it starts");
        }
    }
}
