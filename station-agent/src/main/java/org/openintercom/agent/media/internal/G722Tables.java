package org.openintercom.agent.media.internal;

/** Constant tables of ITU-T G.722 (QMF coefficients, quantiser levels, scale-factor adaptation). */
final class G722Tables {

    /** Half of the symmetric 24-tap QMF. */
    static final int[] QMF = {3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11};

    /** Lower band 6-bit quantiser decision levels (multiples of the scale factor, Q12). */
    static final int[] Q6 = {0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858,
        940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919};
    /** Lower band code for a negative difference in quantiser interval i. */
    static final int[] ILN = {0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13,
        12, 11, 10, 9, 8, 7, 6, 5, 4};
    /** Lower band code for a positive difference in quantiser interval i. */
    static final int[] ILP = {0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41,
        40, 39, 38, 37, 36, 35, 34, 33, 32};
    /** Lower band 6-bit inverse quantiser output levels (Q15 of the scale factor). */
    static final int[] QM6 = {-136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280,
        -11192, -10232, -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776,
        -2400, -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232,
        9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360,
        1040, 728, 432, 136, -432, -136};
    /** Lower band 4-bit inverse quantiser levels used for adaptation. */
    static final int[] QM4 = {0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240,
        2584, 1200, 0};
    /** Lower band: 4-bit code to log scale-factor multiplier index. */
    static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    /** Lower band log scale-factor multipliers. */
    static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};

    /** Higher band code for a negative / positive difference in interval 1 or 2. */
    static final int[] IHN = {0, 1, 0};
    static final int[] IHP = {0, 3, 2};
    /** Higher band 2-bit inverse quantiser levels. */
    static final int[] QM2 = {-7408, -1616, 7408, 1616};
    /** Higher band: code to log scale-factor multiplier index, and the multipliers. */
    static final int[] RH2 = {2, 1, 2, 1};
    static final int[] WH = {0, -214, 798};

    /** Antilog table for the scale factor. */
    static final int[] ILB = {2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714,
        2774, 2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};

    private G722Tables() {
    }

    static int saturate(int v) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
}
