package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class StepSearchTest {

    /** The steps a search runs against a relay that carries calls while {@code passes} holds. */
    private static List<Integer> steps(StepSearch search, IntPredicate passes) {
        List<Integer> steps = new ArrayList<>();
        while (search.next().isPresent()) {
            int calls = search.next().getAsInt();
            steps.add(calls);
            search.record(calls, passes.test(calls));
        }
        return steps;
    }

    @Test
    void doubles_until_a_step_fails_then_halves_the_gap() {
        StepSearch search = new StepSearch(100, 10_000, 2, 10);
        assertThat(steps(search, calls -> calls <= 1000)).containsExactly(100, 200, 400, 800, 1600, 1200, 1000);
        assertThat(search.highestPassed()).isEqualTo(1000);
    }

    @Test
    void stops_at_the_cap_when_everything_passes() {
        StepSearch search = new StepSearch(100, 700, 2, 10);
        assertThat(steps(search, calls -> true)).containsExactly(100, 200, 400, 700);
        assertThat(search.highestPassed()).isEqualTo(700);
    }

    @Test
    void searches_downwards_when_the_first_step_fails() {
        StepSearch search = new StepSearch(100, 1000, 3, 10);
        assertThat(steps(search, calls -> calls <= 30)).containsExactly(100, 50, 30, 40);
        assertThat(search.highestPassed()).isEqualTo(30);
    }

    @Test
    void without_refinements_the_first_failure_ends_it() {
        StepSearch search = new StepSearch(100, 1000, 0, 10);
        assertThat(steps(search, calls -> calls < 300)).containsExactly(100, 200, 400);
        assertThat(search.highestPassed()).isEqualTo(200);
    }

    @Test
    void stops_when_the_gap_is_below_the_granularity() {
        StepSearch search = new StepSearch(10, 1000, 5, 10);
        assertThat(steps(search, calls -> calls <= 10)).containsExactly(10, 20);
    }
}
