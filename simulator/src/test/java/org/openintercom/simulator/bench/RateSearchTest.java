package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class RateSearchTest {

    /** Runs a search against a server that is clean exactly when {@code clean} says so; returns the rates tried. */
    private static List<Integer> run(RateSearch search, IntPredicate clean) {
        List<Integer> tried = new ArrayList<>();
        while (search.next().isPresent()) {
            int rate = search.next().getAsInt();
            tried.add(rate);
            search.record(new RateSearch.Step(rate, rate * 5L, clean.test(rate) ? 0 : rate, true, 1.0, 1.0, 0));
        }
        return tried;
    }

    @Test
    void doubles_until_a_step_fails_then_steps_up_by_a_tenth_of_the_last_clean_rate() {
        RateSearch search = new RateSearch(250, 10_000, 0.1);
        List<Integer> tried = run(search, rate -> rate <= 2_450);
        assertThat(tried).containsExactly(250, 500, 1000, 2000, 4000, 2200, 2400, 2600);
        assertThat(search.lastClean()).map(RateSearch.Step::rate).contains(2400);
    }

    @Test
    void stops_below_the_rate_that_failed_while_doubling() {
        RateSearch search = new RateSearch(100, 10_000, 0.1);
        List<Integer> tried = run(search, rate -> rate < 1_000);
        assertThat(tried).containsExactly(100, 200, 400, 800, 1600, 880, 960, 1040);
        assertThat(search.lastClean()).map(RateSearch.Step::rate).contains(960);
    }

    @Test
    void a_failed_share_of_one_per_mille_or_more_fails_the_step() {
        assertThat(new RateSearch.Step(1000, 10_000, 9, true, 0, 0, 0).clean(0.1)).isTrue();
        assertThat(new RateSearch.Step(1000, 10_000, 10, true, 0, 0, 0).clean(0.1)).isFalse();
        assertThat(new RateSearch.Step(1000, 0, 0, true, 0, 0, 0).clean(0.1)).isFalse();
    }

    @Test
    void a_generator_that_fell_behind_fails_the_step_even_without_failed_calls() {
        RateSearch search = new RateSearch(500, 10_000, 0.1);
        search.record(new RateSearch.Step(500, 2500, 0, true, 1, 1, 0));
        search.record(new RateSearch.Step(1000, 5000, 0, false, 1, 1, 0));
        assertThat(search.next()).hasValue(550);
    }

    @Test
    void nothing_clean_when_the_first_step_fails_and_the_cap_ends_the_doubling() {
        RateSearch failing = new RateSearch(500, 10_000, 0.1);
        assertThat(run(failing, rate -> false)).containsExactly(500);
        assertThat(failing.lastClean()).isEmpty();

        RateSearch capped = new RateSearch(500, 1500, 0.1);
        assertThat(run(capped, rate -> true)).containsExactly(500, 1000, 1500);
        assertThat(capped.lastClean()).map(RateSearch.Step::rate).contains(1500);
    }
}
