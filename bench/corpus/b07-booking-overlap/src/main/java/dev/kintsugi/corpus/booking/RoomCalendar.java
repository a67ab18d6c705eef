package dev.kintsugi.corpus.booking;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Keeps bookings for a set of rooms and refuses double bookings. */
public class RoomCalendar {

    private final List<Booking> bookings = new ArrayList<>();

    static boolean overlaps(Booking a, Booking b) {
        return a.start().isBefore(b.end()) || b.start().isBefore(a.end());
    }

    public void book(Booking booking) {
        for (Booking existing : bookings) {
            if (existing.room().equals(booking.room()) && overlaps(existing, booking)) {
                throw new IllegalStateException(booking.room() + " is already booked by " + existing.organizer());
            }
        }
        bookings.add(booking);
    }

    public List<Booking> bookingsFor(String room) {
        return bookings.stream()
                .filter(b -> b.room().equals(room))
                .sorted(Comparator.comparing(Booking::start))
                .collect(Collectors.toList());
    }

    public boolean isFree(String room, LocalDateTime at) {
        return bookingsFor(room).stream().noneMatch(b -> !at.isBefore(b.start()) && at.isBefore(b.end()));
    }
}
