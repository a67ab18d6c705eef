package dev.kintsugi.corpus.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {

    private RoutePlanner planner;

    @BeforeEach
    void setUp() {
        planner = new RoutePlanner();
        planner.addRoad("Ashford", "Brook", 10);
        planner.addRoad("Brook", "Carlow", 15);
        planner.addRoad("Ashford", "Carlow", 40);
        planner.addRoad("Carlow", "Dunmore", 5);
        planner.addRoad("Elm", "Fenwick", 7);
    }

    @Test
    void directNeighbour() {
        assertEquals(OptionalInt.of(10), planner.travelTime("Ashford", "Brook"));
    }

    @Test
    void prefersFasterIndirectRoute() {
        assertEquals(OptionalInt.of(25), planner.travelTime("Ashford", "Carlow"));
    }

    @Test
    void multiHopRoute() {
        assertEquals(OptionalInt.of(30), planner.travelTime("Dunmore", "Ashford"));
    }

    @Test
    void sameTownTakesNoTime() {
        assertEquals(OptionalInt.of(0), planner.travelTime("Brook", "Brook"));
    }

    @Test
    void disconnectedTownsHaveNoRoute() {
        assertEquals(OptionalInt.empty(), planner.travelTime("Ashford", "Fenwick"));
    }

    @Test
    void unknownTownHasNoRoute() {
        assertEquals(OptionalInt.empty(), planner.travelTime("Ashford", "Atlantis"));
    }

    @Test
    void neighboursAreSorted() {
        assertEquals(List.of("Ashford", "Brook", "Dunmore"), planner.neighbours("Carlow"));
    }

    @Test
    void duplicateRoadKeepsFastest() {
        planner.addRoad("Brook", "Ashford", 4);
        assertEquals(List.of("Ashford", "Carlow"), planner.neighbours("Brook"));
        assertEquals(OptionalInt.of(4), planner.travelTime("Brook", "Ashford"));
    }

    @Test
    void travelTimeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> planner.addRoad("Elm", "Gorey", 0));
    }
}
