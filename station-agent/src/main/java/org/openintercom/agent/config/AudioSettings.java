package org.openintercom.agent.config;

/**
 * Where audio comes from and goes to. Microphone: {@code tone:HZ}, {@code wav:PATH}, {@code silence},
 * {@code javasound[:MIXER]}. Speaker: {@code record}, {@code wav:PATH}, {@code null}, {@code javasound[:MIXER]}.
 */
public record AudioSettings(String microphone, String speaker) {
}
