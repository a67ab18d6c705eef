package dev.kintsugi.corpus.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomCalendarTest {

    private static LocalDateTime at(int day, int hour) {
        return LocalDateTime.of(2024, 3, day, hour, 0);
    }

    private static Booking booking(String room, int day, int from, int to) {
        return new Booking(room, "team-" + from, at(day, from), at(day, to));
    }

    @Test
    void overlappingBookingIsRejected() {
        RoomCalendar calendar = new RoomCalendar();
        calendar.book(booking("Atlas", 4, 9, 11));
        assertThrows(IllegalStateException.class, () -> calendar.book(booking("Atlas", 4, 10, 12)));
    }

    @Test
    void containedBookingIsRejected() {
        RoomCalendar calendar = new RoomCalendar();
        calendar.book(booking("Atlas", 4, 9, 17));
        assertThrows(IllegalStateException.class, () -> calendar.book(booking("Atlas", 4, 12, 13)));
    }

    @Test
    void otherRoomsAreIndependent() {
        RoomCalendar calendar = new RoomCalendar();
        calendar.book(booking("Atlas", 4, 9, 11));
        calendar.book(booking("Borealis", 4, 9, 11));
        assertEquals(1, calendar.bookingsFor("Borealis").size());
    }

    @Test
    void backToBackBookingsAreAllowed() {
        RoomCalendar calendar = new RoomCalendar();
        calendar.book(booking("Atlas", 4, 9, 10));
        calendar.book(booking("Atlas", 4, 10, 11));
        assertEquals(2, calendar.bookingsFor("Atlas").size());
    }

    @Test
    void bookingsOnDifferentDaysAreAllowed() {
        RoomCalendar calendar = new RoomCalendar();
        calendar.book(booking("Atlas", 5, 14, 15));
        calendar.book(booking("Atlas", 4, 14, 15));
        List<Booking> atlas = calendar.bookingsFor("Atlas");
        assertEquals(at(4, 14), atlas.get(0).start());
        assertEquals(at(5, 14), atlas.get(1).start());
    }

    @Test
    void isFreeRespectsHalfOpenIntervals() {
        RoomCalendar calendar = new RoomCalendar();
        calendar.book(booking("Atlas", 4, 9, 10));
        assertFalse(calendar.isFree("Atlas", at(4, 9)));
        assertTrue(calendar.isFree("Atlas", at(4, 10)));
        assertTrue(calendar.isFree("Borealis", at(4, 9)));
    }

    @Test
    void invalidBookingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> booking("Atlas", 4, 11, 9));
        assertThrows(IllegalArgumentException.class, () -> booking(" ", 4, 9, 11));
    }
}
