package org.openintercom.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void reads_the_three_forms_of_a_single_range() {
        assertThat(ByteRange.parse("bytes=100-199", 1000)).isEqualTo(new ByteRange.Part(100, 199));
        assertThat(ByteRange.parse("bytes=900-", 1000)).isEqualTo(new ByteRange.Part(900, 999));
        assertThat(ByteRange.parse("bytes=-10", 1000)).isEqualTo(new ByteRange.Part(990, 999));
    }

    @Test
    void clips_a_range_past_the_end_and_a_suffix_longer_than_the_object() {
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).isEqualTo(new ByteRange.Part(990, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange.Part(0, 999));
    }

    @Test
    void a_range_starting_at_or_after_the_end_is_unsatisfiable() {
        assertThat(ByteRange.parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void malformed_other_units_and_several_ranges_mean_the_whole_object() {
        assertThat(ByteRange.parse(null, 1000)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=5-2", 1000)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=a-b", 1000)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("items=1-2", 1000)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void names_the_content_range() {
        assertThat(new ByteRange.Part(100, 199).contentRange(1000)).isEqualTo("bytes 100-199/1000");
    }
}
