package org.openintercom.agent.media.internal;

import static org.openintercom.agent.media.internal.G722Tables.ILB;
import static org.openintercom.agent.media.internal.G722Tables.saturate;

/**
 * The adaptive state of one G.722 sub-band (ITU-T G.722 blocks 3 and 4): log scale factor, pole-zero
 * predictor and its sign-sign adaptation. Encoder and decoder run identical copies so they stay in step.
 */
final class G722Band {

    private final boolean high;
    int s;       // predicted signal
    int det;     // quantiser scale factor
    private int nb;  // log scale factor
    private int sp;  // pole contribution
    private int sz;  // zero contribution
    private final int[] r = new int[3];  // reconstructed signal history
    private final int[] p = new int[3];  // partially reconstructed signal history
    private final int[] a = new int[3];  // pole coefficients
    private final int[] ap = new int[3];
    private final int[] b = new int[7];  // zero coefficients
    private final int[] bp = new int[7];
    private final int[] d = new int[7];  // quantised difference history

    G722Band(boolean high) {
        this.high = high;
        this.det = high ? 8 : 32;
    }

    /** Block 3: adapts the log scale factor with multiplier {@code w} and recomputes the linear one. */
    void adaptScale(int w) {
        int limit = high ? 22528 : 18432;
        nb = Math.max(0, Math.min(limit, ((nb * 32512) >> 15) + w));
        int index = (nb >> 6) & 31;
        int shift = (high ? 10 : 8) - (nb >> 11);
        int lin = shift < 0 ? ILB[index] << -shift : ILB[index] >> shift;
        det = lin << 2;
    }

    /** Block 4: updates the predictor with quantised difference {@code dq} and computes the next prediction. */
    void update(int dq) {
        d[0] = dq;
        r[0] = saturate(s + dq);
        p[0] = saturate(sz + dq);

        // second pole coefficient (UPPOL2)
        int sg0 = p[0] >> 15;
        int sg1 = p[1] >> 15;
        int sg2 = p[2] >> 15;
        int wd1 = saturate(a[1] << 2);
        int wd2 = Math.min(32767, sg0 == sg1 ? -wd1 : wd1);
        int wd3 = (wd2 >> 7) + (sg0 == sg2 ? 128 : -128) + ((a[2] * 32512) >> 15);
        ap[2] = Math.max(-12288, Math.min(12288, wd3));

        // first pole coefficient (UPPOL1)
        int a1 = saturate((sg0 == sg1 ? 192 : -192) + ((a[1] * 32640) >> 15));
        int limit = saturate(15360 - ap[2]);
        ap[1] = Math.max(-limit, Math.min(limit, a1));

        // zero coefficients (UPZERO)
        int step = dq == 0 ? 0 : 128;
        int sgd = dq >> 15;
        for (int i = 1; i < 7; i++) {
            int gain = (d[i] >> 15) == sgd ? step : -step;
            bp[i] = saturate(gain + ((b[i] * 32640) >> 15));
        }

        // delays (DELAYA)
        for (int i = 6; i > 0; i--) {
            d[i] = d[i - 1];
            b[i] = bp[i];
        }
        for (int i = 2; i > 0; i--) {
            r[i] = r[i - 1];
            p[i] = p[i - 1];
            a[i] = ap[i];
        }

        // pole and zero predictors (FILTEP, FILTEZ, PREDIC)
        int pole1 = (a[1] * saturate(r[1] + r[1])) >> 15;
        int pole2 = (a[2] * saturate(r[2] + r[2])) >> 15;
        sp = saturate(pole1 + pole2);
        int zeros = 0;
        for (int i = 6; i > 0; i--) {
            zeros += (b[i] * saturate(d[i] + d[i])) >> 15;
        }
        sz = saturate(zeros);
        s = saturate(sp + sz);
    }
}
