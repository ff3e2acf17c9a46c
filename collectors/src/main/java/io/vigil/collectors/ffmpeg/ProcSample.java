package io.vigil.collectors.ffmpeg;

/** What /proc says about a process at one moment: CPU ticks (utime+stime), start tick, RSS and threads. */
public record ProcSample(long pid, long cpuTicks, long startTicks, Double rssMb, Integer threads, char state) {}
