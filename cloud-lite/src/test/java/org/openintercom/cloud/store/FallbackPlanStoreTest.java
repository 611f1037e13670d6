package org.openintercom.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.provisioning.claim.DeviceId;

/** The generations of stations' fallback plans on H2 and PostgreSQL. */
class FallbackPlanStoreTest {

    private static FallbackPlanStore.Generation gen(long value, boolean changed) {
        return new FallbackPlanStore.Generation(value, changed);
    }

    @ParameterizedTest
    @MethodSource("org.openintercom.cloud.store.TestDatabase#kinds")
    void the_generation_grows_only_when_the_plan_changes(TestDatabase.Kind kind) {
        try (StoreFixture f = new StoreFixture(kind)) {
            FallbackPlanStore plans = new FallbackPlanStore(f.testDb.database(), f.clock);
            DeviceId door = DeviceId.random();
            DeviceId gate = DeviceId.random();

            assertThat(plans.generationOf(door, "{\"call\":[1]}")).isEqualTo(gen(1, true));
            assertThat(plans.generationOf(door, "{\"call\":[1]}")).isEqualTo(gen(1, false));
            assertThat(plans.generationOf(door, "{\"call\":[2]}")).isEqualTo(gen(2, true));
            assertThat(plans.generationOf(door, "{\"call\":[1]}")).isEqualTo(gen(3, true));
            assertThat(plans.generationOf(gate, "{\"call\":[1]}")).isEqualTo(gen(1, true));
            assertThat(new FallbackPlanStore(f.testDb.database(), f.clock).generationOf(door, "{\"call\":[1]}"))
                    .isEqualTo(gen(3, false));
        }
    }
}
