package org.openintercom.agent.media.internal;

import static org.openintercom.agent.media.internal.G722Tables.IHN;
import static org.openintercom.agent.media.internal.G722Tables.IHP;
import static org.openintercom.agent.media.internal.G722Tables.ILN;
import static org.openintercom.agent.media.internal.G722Tables.ILP;
import static org.openintercom.agent.media.internal.G722Tables.Q6;
import static org.openintercom.agent.media.internal.G722Tables.QM2;
import static org.openintercom.agent.media.internal.G722Tables.QM4;
import static org.openintercom.agent.media.internal.G722Tables.QM6;
import static org.openintercom.agent.media.internal.G722Tables.QMF;
import static org.openintercom.agent.media.internal.G722Tables.RH2;
import static org.openintercom.agent.media.internal.G722Tables.RL42;
import static org.openintercom.agent.media.internal.G722Tables.WH;
import static org.openintercom.agent.media.internal.G722Tables.WL;
import static org.openintercom.agent.media.internal.G722Tables.saturate;

/**
 * G.722 at 64 kbit/s (mode 1), written from the ITU-T G.722 algorithm: a QMF splits 16 kHz audio into two
 * 8 kHz sub-bands coded by ADPCM (6 bits low, 2 bits high), one octet per pair of samples; 320 samples per
 * 160-byte payload. Separate instances encode and decode (each holds the state of one direction).
 */
final class G722Codec implements AudioEncoder, AudioDecoder {

    private final G722Band low = new G722Band(false);
    private final G722Band high = new G722Band(true);
    private final int[] qmf = new int[24];

    @Override
    public int sampleRate() {
        return 16000;
    }

    @Override
    public byte[] encode(short[] frame) {
        byte[] out = new byte[frame.length / 2];
        for (int j = 0; j < out.length; j++) {
            // transmit QMF: two input samples give one low-band and one high-band sample
            System.arraycopy(qmf, 2, qmf, 0, 22);
            qmf[22] = frame[2 * j];
            qmf[23] = frame[2 * j + 1];
            int sumOdd = 0;
            int sumEven = 0;
            for (int i = 0; i < 12; i++) {
                sumOdd += qmf[2 * i] * QMF[i];
                sumEven += qmf[2 * i + 1] * QMF[11 - i];
            }
            int xlow = (sumEven + sumOdd) >> 14;
            int xhigh = (sumEven - sumOdd) >> 14;
            out[j] = (byte) ((encodeHigh(xhigh) << 6) | encodeLow(xlow));
        }
        return out;
    }

    private int encodeLow(int xlow) {
        int el = saturate(xlow - low.s);
        int magnitude = Math.abs(el);
        int i = 1;
        while (i < 30 && magnitude >= (Q6[i] * low.det) >> 12) {
            i++;
        }
        int code = el < 0 ? ILN[i] : ILP[i];
        adaptLow(code);
        return code;
    }

    private int encodeHigh(int xhigh) {
        int eh = saturate(xhigh - high.s);
        int interval = Math.abs(eh) >= (564 * high.det) >> 12 ? 2 : 1;
        int code = eh < 0 ? IHN[interval] : IHP[interval];
        adaptHigh(code);
        return code;
    }

    private void adaptLow(int code) {
        int ril = code >> 2;
        int dlow = (low.det * QM4[ril]) >> 15;
        low.adaptScale(WL[RL42[ril]]);
        low.update(dlow);
    }

    private void adaptHigh(int code) {
        int dhigh = (high.det * QM2[code]) >> 15;
        high.adaptScale(WH[RH2[code]]);
        high.update(dhigh);
    }

    @Override
    public short[] decode(byte[] payload) {
        short[] out = new short[payload.length * 2];
        for (int j = 0; j < payload.length; j++) {
            int code = payload[j] & 0xFF;
            int ilow = code & 0x3F;
            int ihigh = code >> 6;
            int rlow = Math.max(-16384, Math.min(16383, low.s + ((low.det * QM6[ilow]) >> 15)));
            int rhigh = Math.max(-16384, Math.min(16383, high.s + ((high.det * QM2[ihigh]) >> 15)));
            adaptLow(ilow);
            adaptHigh(ihigh);
            // receive QMF
            System.arraycopy(qmf, 2, qmf, 0, 22);
            qmf[22] = rlow + rhigh;
            qmf[23] = rlow - rhigh;
            int out1 = 0;
            int out2 = 0;
            for (int i = 0; i < 12; i++) {
                out2 += qmf[2 * i] * QMF[i];
                out1 += qmf[2 * i + 1] * QMF[11 - i];
            }
            out[2 * j] = (short) saturate(out1 >> 11);
            out[2 * j + 1] = (short) saturate(out2 >> 11);
        }
        return out;
    }

    @Override
    public boolean concealsLoss() {
        return false;
    }

    @Override
    public void close() {
        // no native state
    }
}
