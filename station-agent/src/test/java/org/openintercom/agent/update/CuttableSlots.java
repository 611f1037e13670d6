package org.openintercom.agent.update;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A slot driver whose power can be cut: every operation, and every write of an image, first asks the
 * {@link Runnable} tick, which throws {@link PowerCut} when the power goes. Delegates to a real driver.
 */
final class CuttableSlots implements SlotDriver {

    /** The power went: unwinds the station's thread at once (an Error, so no code under test catches it). */
    static final class PowerCut extends Error {
        PowerCut() {
            super("power cut", null, false, false);
        }
    }

    private final SlotDriver real;
    private final Runnable tick;

    CuttableSlots(SlotDriver real, Runnable tick) {
        this.real = real;
        this.tick = tick;
    }

    @Override
    public Slot running() {
        return real.running();
    }

    @Override
    public Optional<SlotImage> image(Slot slot) {
        return real.image(slot);
    }

    @Override
    public Optional<Path> imageFile(Slot slot) {
        return real.imageFile(slot);
    }

    @Override
    public InstallWriter install() {
        tick.run();
        InstallWriter w = real.install();
        return new InstallWriter() {
            @Override
            public OutputStream out() {
                return new FilterOutputStream(w.out()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        tick.run();
                        out.write(b, off, len);
                    }
                };
            }

            @Override
            public void complete(SlotImage image) {
                tick.run();
                w.complete(image);
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    @Override
    public void tryOnce(Slot slot) {
        tick.run();
        real.tryOnce(slot);
    }

    @Override
    public BootOutcome boot() {
        tick.run();
        return real.boot();
    }

    @Override
    public void commit() {
        tick.run();
        real.commit();
    }
}
