package io.jhyve.boot;

import io.jhyve.arch.x86.BootCpuState;

/** A kernel placed in guest memory: the state to start the boot vCPU with, and what was placed where. */
public record BootResult(BootCpuState cpu, BootSummary summary) { }
